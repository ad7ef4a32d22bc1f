"""Writes the S3 plot (p50 by page size, with the two-round-trip limit) as a standalone SVG.

Usage: python3 benches/plot.py S3.tsv LATENCY_MS OUT.svg   (S3.tsv: "rows<TAB>p50_ms" lines)
No plotting library: the chart is three points, drawn by hand so the harness needs only Python.
"""

import sys

rows_file, latency, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
points = [tuple(int(x) for x in line.split("\t")) for line in open(rows_file) if line.strip()]
limit = 2 * latency + 10
W, H, L, R, T, B = 560, 320, 70, 20, 40, 50
top = max([p for _, p in points] + [limit]) * 1.15
xs = {rows: L + i * (W - L - R) / max(1, len(points) - 1) for i, (rows, _) in enumerate(points)}


def y(ms):
    return T + (H - T - B) * (1 - ms / top)


parts = [
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
    f'<rect width="{W}" height="{H}" fill="white"/>',
    f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">S3: p50 with {latency} ms per upstream call, every detail field</text>',
    f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
    f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
]
for i in range(6):
    ms = top * i / 5
    parts.append(f'<text x="{L - 6}" y="{y(ms) + 4:.1f}" text-anchor="end">{ms:.0f}</text>')
    parts.append(f'<line x1="{L}" y1="{y(ms):.1f}" x2="{W - R}" y2="{y(ms):.1f}" stroke="#eee"/>')
parts.append(f'<text x="16" y="{(T + H - B) / 2}" transform="rotate(-90 16 {(T + H - B) / 2})" text-anchor="middle">p50 (ms)</text>')
parts.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">rows on the page</text>')
parts.append(
    f'<line x1="{L}" y1="{y(limit):.1f}" x2="{W - R}" y2="{y(limit):.1f}" stroke="#c00" stroke-dasharray="6 4"/>'
    f'<text x="{W - R}" y="{y(limit) - 6:.1f}" text-anchor="end" fill="#c00">target: 2 round trips + 10 ms = {limit} ms</text>'
)
path = " ".join(f"{'M' if i == 0 else 'L'} {xs[r]:.1f} {y(p):.1f}" for i, (r, p) in enumerate(points))
parts.append(f'<path d="{path}" fill="none" stroke="#1f5fbf" stroke-width="2"/>')
for rows, p50 in points:
    parts.append(f'<circle cx="{xs[rows]:.1f}" cy="{y(p50):.1f}" r="4" fill="#1f5fbf"/>')
    parts.append(f'<text x="{xs[rows]:.1f}" y="{y(p50) - 9:.1f}" text-anchor="middle">{p50} ms</text>')
    parts.append(f'<text x="{xs[rows]:.1f}" y="{H - B + 16}" text-anchor="middle">{rows}</text>')
parts.append("</svg>")
open(out, "w").write("\n".join(parts) + "\n")
