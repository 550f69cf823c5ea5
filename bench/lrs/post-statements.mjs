// Usage: node bench/lrs/post-statements.mjs <port> <seconds> <concurrency> <batch-size>; needs an LRS client bench / bench-secret-123 (Lrs__BootstrapClient__Key/Secret).
// Indicative load: N concurrent keep-alive loops POSTing statements for D seconds; bounded in time, local only.
import http from "node:http";
import { randomUUID } from "node:crypto";
const [port, seconds, concurrency, batch] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const auth = "Basic " + Buffer.from("bench:bench-secret-123").toString("base64");
const statement = (i) => ({ id: randomUUID(), actor: { objectType: "Agent", mbox: `mailto:learner${i % 5000}@example.com`, name: "Learner" },
  verb: { id: "http://adlnet.gov/expapi/verbs/experienced", display: { "en-US": "experienced" } },
  object: { id: `https://guild.example/resources/${i % 20000}`, objectType: "Activity", definition: { name: { "en-US": "Resource" } } },
  context: { platform: "bench", contextActivities: { grouping: [{ id: "https://guild.example/capabilities/new-media" }] } } });
const post = (body) => new Promise((resolve, reject) => {
  const request = http.request({ host: "127.0.0.1", port, path: "/xapi/statements", method: "POST", agent,
    headers: { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3", Authorization: auth, "Content-Length": Buffer.byteLength(body) } },
    (response) => { response.resume(); response.on("end", () => resolve(response.statusCode)); });
  request.on("error", reject); request.end(body);
});
let counter = 0, ok = 0, failed = 0; const latencies = [];
const end = Date.now() + seconds * 1000;
async function loop() {
  while (Date.now() < end) {
    const body = JSON.stringify(batch === 1 ? statement(counter++) : Array.from({ length: batch }, () => statement(counter++)));
    const t = performance.now();
    const status = await post(body);
    latencies.push(performance.now() - t);
    if (status === 200) ok++; else failed++;
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: concurrency }, loop));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const p = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(1);
console.log(`batch=${batch} concurrency=${concurrency} requests=${ok} failed=${failed} req/s=${(ok / elapsed).toFixed(0)} statements/s=${(ok * batch / elapsed).toFixed(0)} p50=${p(0.5)}ms p95=${p(0.95)}ms p99=${p(0.99)}ms`);
