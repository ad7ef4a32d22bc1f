// The playground as a new user meets it, in headless Chromium driven by puppeteer-core, with every
// request to anywhere but the service itself refused (the page must work offline from the
// binary's embedded assets):
//   1. GraphiQL renders with the example query and the demo token;
//   2. the Docs explorer opens, lists `availableCallerIdNumbers` under Query and shows its
//      description (the schema's doc comments);
//   3. running the example query shows numbers in the result pane;
//   4. the second tab holds the caller ID change, and running it answers as a dry run;
//   5. the third tab holds two available-numbers lists, and running it answers them typed;
//   6. the fourth tab starts a caller ID job as a dry run (the plan), and answers its id.
//
// Usage: node playground.mjs PLAYGROUND_URL   (CHROMIUM names the browser; default `chromium`)
// Exits 1 with what went wrong; prints each step it passed.
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node playground.mjs PLAYGROUND_URL');
  process.exit(2);
}
const origin = new URL(url).origin;
// puppeteer-core wants a path, not a name to look up.
const executablePath = execFileSync('sh', ['-c', `command -v "${process.env.CHROMIUM ?? 'chromium'}"`], {
  encoding: 'utf8',
}).trim();
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const fail = async (what) => {
  console.error(`FAIL: ${what}`);
  await browser.close();
  process.exit(1);
};

try {
  const page = await browser.newPage();
  const refused = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const target = request.url();
    if (target.startsWith(origin) || target.startsWith('data:') || target.startsWith('blob:')) {
      request.continue();
    } else {
      refused.push(target);
      request.abort();
    }
  });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(url, { waitUntil: 'networkidle0', timeout: 30000 });
  await page.waitForSelector('.graphiql-container', { timeout: 20000 });
  const text = () => page.evaluate(() => document.body.innerText);
  if (!(await text()).includes('availableCallerIdNumbers')) await fail('the example query is not in the editor');
  const html = await page.content();
  if (!html.includes('demo-admin-token')) await fail('the demo token is not in the headers tab');
  console.log('rendered: example query and demo token present');

  // The Docs explorer: the sidebar button, then the Query root type, then the field.
  await page.click('.graphiql-sidebar button[aria-label*="Documentation Explorer"]');
  await page.waitForSelector('.graphiql-doc-explorer', { timeout: 10000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-doc-explorer a')].some((a) => a.textContent === 'Query'),
    { timeout: 15000 },
  );
  await page.evaluate(() => {
    [...document.querySelectorAll('.graphiql-doc-explorer a')].find((a) => a.textContent === 'Query').click();
  });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.graphiql-doc-explorer .graphiql-doc-explorer-field-name')].some(
        (a) => a.textContent === 'availableCallerIdNumbers',
      ),
    { timeout: 10000 },
  );
  console.log('docs: Query lists availableCallerIdNumbers');
  await page.evaluate(() => {
    [...document.querySelectorAll('.graphiql-doc-explorer .graphiql-doc-explorer-field-name')]
      .find((a) => a.textContent === 'availableCallerIdNumbers')
      .click();
  });
  await page.waitForFunction(
    () => document.querySelector('.graphiql-doc-explorer')?.innerText.includes('may use as external'),
    { timeout: 10000 },
  );
  console.log('docs: availableCallerIdNumbers shows its description');

  // Run the example query with the demo token.
  await page.click('button.graphiql-execute-button');
  await page.waitForFunction(
    () => document.querySelector('.graphiql-response')?.innerText.includes('phoneNumber'),
    { timeout: 15000 },
  );
  const response = await page.evaluate(() => document.querySelector('.graphiql-response').innerText);
  if (response.includes('"errors"')) await fail(`the example query failed:\n${response}`);
  console.log('run: the example query answered with numbers');

  // The second example: the caller ID change, in its own tab, run as the dry run it is.
  const tab = await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-tab button')].find((b) => b.textContent.includes('PickCallerId')),
    { timeout: 10000 },
  );
  await tab.asElement().click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-query-editor')].some((e) => e.innerText.includes('setCallerId')),
    { timeout: 10000 },
  );
  await page.click('button.graphiql-execute-button');
  await page.waitForFunction(
    () => /setCallerId|errors/.test(document.querySelector('.graphiql-response')?.innerText ?? ''),
    { timeout: 15000 },
  );
  const changed = await page.evaluate(() => document.querySelector('.graphiql-response').innerText);
  if (changed.includes('"errors"') || !/"dryRun": true/.test(changed)) {
    await fail(`the example change did not answer as a dry run:\n${changed}`);
  }
  console.log('run: the second tab\'s caller ID change answered as a dry run');

  // The third example: two available-numbers lists, typed, in its own tab.
  const third = await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-tab button')].find((b) => b.textContent.includes('ChooseAnyNumber')),
    { timeout: 10000 },
  );
  await third.asElement().click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-query-editor')].some((e) => e.innerText.includes('HUNT_GROUP_CALL_FORWARD')),
    { timeout: 10000 },
  );
  await page.click('button.graphiql-execute-button');
  await page.waitForFunction(
    () => /availableNumbers|errors/.test(document.querySelector('.graphiql-response')?.innerText ?? ''),
    { timeout: 15000 },
  );
  const lists = await page.evaluate(() => document.querySelector('.graphiql-response').innerText);
  // The pane shows its first screen of lines only: the location's list comes first.
  if (lists.includes('"errors"') || !lists.includes('"extension": "190000"')) {
    await fail(`the available-numbers example did not answer its lists:\n${lists}`);
  }
  console.log('run: the third tab answered two available-numbers lists');

  // The fourth example: a job's dry run, started from its own tab.
  const fourth = await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-tab button')].find((b) => b.textContent.includes('PlanCallerIdJob')),
    { timeout: 10000 },
  );
  await fourth.asElement().click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-query-editor')].some((e) => e.innerText.includes('startCallerIdJob')),
    { timeout: 10000 },
  );
  await page.click('button.graphiql-execute-button');
  await page.waitForFunction(
    () => /startCallerIdJob|errors/.test(document.querySelector('.graphiql-response')?.innerText ?? ''),
    { timeout: 15000 },
  );
  const planned = await page.evaluate(() => document.querySelector('.graphiql-response').innerText);
  if (planned.includes('"errors"') || !/"dryRun": true/.test(planned) || !/CallerIdJob-/.test(planned)) {
    await fail(`the job example did not start a dry run:\n${planned}`);
  }
  console.log('run: the fourth tab started a dry-run job');

  if (refused.length) await fail(`the page asked for resources elsewhere: ${refused.join(', ')}`);
  if (pageErrors.length) await fail(`script errors: ${pageErrors.join('; ')}`);
  console.log('playground: ok');
} catch (error) {
  await fail(error.stack ?? String(error));
}
await browser.close();
process.exit(0);
