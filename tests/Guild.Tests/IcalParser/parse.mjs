// Reads iCalendar text on stdin, parses it with ical.js (an independent parser) and prints what Guild's tests check as JSON:
// every VTIMEZONE is registered first, so each event's start is converted to UTC by ical.js's own reading of Guild's VTIMEZONE.
// A text ical.js cannot parse exits 1 with its error.
import ICAL from "ical.js";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) {
  input += chunk;
}
try {
  const calendar = new ICAL.Component(ICAL.parse(input));
  const zones = calendar.getAllSubcomponents("vtimezone").map((component) => {
    const zone = new ICAL.Timezone(component);
    ICAL.TimezoneService.register(zone.tzid, zone);
    return zone.tzid;
  });
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      status: component.getFirstPropertyValue("status"),
      startTzid: component.getFirstProperty("dtstart").getParameter("tzid") ?? null,
      startUtc: event.startDate.toJSDate().toISOString(),
      endUtc: event.endDate.toJSDate().toISOString(),
      organizer: component.getFirstPropertyValue("organizer"),
      attendees: component.getAllProperties("attendee").map((p) => p.getFirstValue()),
      description: event.description,
    };
  });
  process.stdout.write(JSON.stringify({
    method: calendar.getFirstPropertyValue("method"),
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    refreshInterval: calendar.getFirstProperty("refresh-interval")?.getFirstValue()?.toString() ?? null,
    publishedTtl: calendar.getFirstPropertyValue("x-published-ttl"),
    timezones: zones,
    events,
  }));
} catch (error) {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
}
