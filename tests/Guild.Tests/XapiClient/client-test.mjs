// Drives Guild's LRS with a third-party xAPI client (@xapi/xapi) and nothing Guild-specific.
// Usage: node client-test.mjs <endpoint> <key> <secret>. Prints "xapi client: N checks passed" or fails with exit code 1.
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";

const require = createRequire(import.meta.url);
const XAPI = require("@xapi/xapi");

const [endpoint, key, secret] = process.argv.slice(2);
const report = (error) => {
  const response = error.response;
  console.error(`FAILED: ${error.config?.method?.toUpperCase() ?? ""} ${error.config?.url ?? ""} -> ${response?.status ?? ""} ${JSON.stringify(response?.data ?? error.message)}`);
  process.exit(1);
};
process.on("unhandledRejection", report);
process.on("uncaughtException", report);
// The library's fetch adapter: its default (axios) replaces the multipart Content-Type of attachment requests on Node.
const xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret), version: "1.0.3", adapter: "fetch" });
let checks = 0;
const check = (condition, message) => { assert.ok(condition, message); checks++; };

const run = randomUUID();
const learner = { objectType: "Agent", name: "Node Learner", mbox: `mailto:node-${run}@example.com` };
const activity = { objectType: "Activity", id: `https://example.com/node/${run}`, definition: { name: { "en-US": "Node course" } } };
const statement = (verb) => ({ actor: learner, verb, object: activity });

const about = await xapi.getAbout();
check(about.data.version.includes("1.0.3"), "about lists 1.0.3");

const single = await xapi.sendStatement({ statement: statement(XAPI.Verbs.INITIALIZED) });
check(single.data.length === 1, "one id for one statement");

const batch = await xapi.sendStatements({ statements: [XAPI.Verbs.PROGRESSED, XAPI.Verbs.SCORED, XAPI.Verbs.COMPLETED].map(statement) });
check(batch.data.length === 3, "three ids for a batch of three");

const text = "a certificate of completion";
const bytes = new TextEncoder().encode(text);
const withAttachment = statement(XAPI.Verbs.PASSED);
withAttachment.attachments = [{
  usageType: XAPI.AttachmentUsages.CERTIFICATE_OF_COMPLETION,
  display: { "en-US": "Certificate" },
  contentType: "text/plain",
  length: bytes.byteLength,
  sha2: createHash("sha256").update(bytes).digest("hex"),
}];
const attached = await xapi.sendStatement({ statement: withAttachment, attachments: [bytes.buffer] });
check(attached.data.length === 1, "statement with an attachment stored");

const withData = await xapi.getStatement({ statementId: attached.data[0], attachments: true });
check(Array.isArray(withData.data) && withData.data[0].id === attached.data[0], "multipart answer starts with the statement");
check(String(withData.data[1]).includes(text), "multipart answer carries the attachment data");

// Query with filters and page through with "more".
const seen = [];
let page = await xapi.getStatements({ agent: learner, verb: undefined, activity: activity.id, limit: 2 });
seen.push(...page.data.statements.map((s) => s.id));
while (page.data.more) {
  page = await xapi.getMoreStatements({ more: page.data.more });
  seen.push(...page.data.statements.map((s) => s.id));
}
check(seen.length === 5, `five statements for the learner over the pages, got ${seen.length}`);
check(new Set(seen).size === 5, "no statement twice across pages");
const completed = await xapi.getStatements({ agent: learner, verb: XAPI.Verbs.COMPLETED.id });
check(completed.data.statements.length === 1 && completed.data.statements[0].verb.id === XAPI.Verbs.COMPLETED.id, "verb filter");
const consistent = completed.headers["x-experience-api-consistent-through"];
check(typeof consistent === "string" && !Number.isNaN(Date.parse(consistent)), "consistent-through header");

// Void one.
await xapi.voidStatement({ actor: learner, statementId: single.data[0] });
const voided = await xapi.getVoidedStatement({ voidedStatementId: single.data[0] });
check(voided.data.id === single.data[0], "voided statement found by voidedStatementId");
await assert.rejects(xapi.getStatement({ statementId: single.data[0] }), "voided statement is gone by statementId");
checks++;

// State.
const registration = randomUUID();
await xapi.setState({ agent: learner, activityId: activity.id, stateId: "bookmark", registration, state: { page: 7 } });
const state = await xapi.getState({ agent: learner, activityId: activity.id, stateId: "bookmark", registration });
check(state.data.page === 7, "state read back");
await xapi.createState({ agent: learner, activityId: activity.id, stateId: "bookmark", registration, state: { chapter: 2 } });
const merged = await xapi.getState({ agent: learner, activityId: activity.id, stateId: "bookmark", registration });
check(merged.data.page === 7 && merged.data.chapter === 2, "state POST merges");
const states = await xapi.getStates({ agent: learner, activityId: activity.id, registration });
check(states.data.length === 1 && states.data[0] === "bookmark", "state ids");
await xapi.deleteState({ agent: learner, activityId: activity.id, stateId: "bookmark", registration });
check((await xapi.getStates({ agent: learner, activityId: activity.id, registration })).data.length === 0, "state deleted");

// Activity profile with ETags.
await xapi.createActivityProfile({ activityId: activity.id, profileId: "settings", profile: { level: 1 } });
const profile = await xapi.getActivityProfile({ activityId: activity.id, profileId: "settings" });
check(profile.data.level === 1 && /^"[0-9a-f]{40}"$/.test(profile.headers.etag), "activity profile with etag");
await xapi.setActivityProfile({ activityId: activity.id, profileId: "settings", profile: { level: 2 }, etag: profile.headers.etag, matchHeader: "If-Match" });
check((await xapi.getActivityProfile({ activityId: activity.id, profileId: "settings" })).data.level === 2, "activity profile replaced with If-Match");
await assert.rejects(xapi.setActivityProfile({ activityId: activity.id, profileId: "settings", profile: { level: 3 }, etag: profile.headers.etag, matchHeader: "If-Match" }),
  "a stale etag is refused");
checks++;
check((await xapi.getActivityProfiles({ activityId: activity.id })).data.includes("settings"), "activity profile ids");

// Agent profile.
await xapi.createAgentProfile({ agent: learner, profileId: "preferences", profile: { language: "nl" } });
check((await xapi.getAgentProfile({ agent: learner, profileId: "preferences" })).data.language === "nl", "agent profile");
check((await xapi.getAgentProfiles({ agent: learner })).data.includes("preferences"), "agent profile ids");

// Activities and Agents.
const canonical = await xapi.getActivity({ activityId: activity.id });
check(canonical.data.definition.name["en-US"] === "Node course", "activity definition");
const person = await xapi.getAgent({ agent: learner });
check(person.data.objectType === "Person" && person.data.mbox[0] === learner.mbox, "person");

console.log(`xapi client: ${checks} checks passed`);
