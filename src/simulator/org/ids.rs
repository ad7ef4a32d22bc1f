//! Webex-style ids, deterministic per org, kind and ordinal, so the same org always has the same
//! ids (the README's example location id never changes).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A Webex-style id: base64 of `ciscospark://us/{KIND}/{uuid}`, unique per org, kind and ordinal.
pub(crate) fn webex_id(kind: &str, org: u64, ordinal: u64) -> String {
    let a = mix(org.wrapping_mul(0x9E37_79B9) ^ mix(ordinal) ^ hash(kind));
    let b = mix(a ^ ordinal.wrapping_add(org << 32));
    let uuid = format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        a as u16 & 0xfff,
        ((b >> 48) as u16 & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    );
    URL_SAFE_NO_PAD.encode(format!("ciscospark://us/{kind}/{uuid}"))
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
