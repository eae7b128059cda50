import { DAY_MS } from '../rollup/calendar';
import { DemoDay, growthPace } from './demo-calendar';
import { CountryMix } from './demo-countries';
import { TimedEvent, timedEvent } from './demo-event';
import { DemoTenantProfile } from './demo-tenants';
import { SeededRandom, WeightedPicker } from './seeded-random';

/** Relative number of visitor questions per local hour: quiet nights, busy office hours. */
const QUESTION_HOURS = [
  0.25, 0.15, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 2.2, 2.7, 2.9,
  2.8, 2.8, 2.9, 2.8, 2.5, 2.1, 1.8, 1.6, 1.4, 1.1, 0.7, 0.4,
];

/** Relative number of API requests per local hour: office hours, plus a nightly sync at 2 and 3 a.m. */
const API_HOURS = [
  0.6, 0.5, 1.4, 1.2, 0.5, 0.5, 0.7, 1.0, 1.8, 2.4, 2.6, 2.6,
  2.3, 2.5, 2.6, 2.4, 2.1, 1.6, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6,
];

/** Texts sent on a few `words` events instead of a quantity, with their count under Unicode word segmentation. */
export const DEMO_TEXTS: ReadonlyArray<{ text: string; words: number }> = [
  { text: 'How do I reset my password?', words: 6 },
  { text: 'Can I change the delivery address after ordering?', words: 8 },
  { text: 'Wie kann ich meine Bestellung stornieren?', words: 6 },
  { text: 'Quelle est la politique de retour de l’été ?', words: 8 },
  { text: '¿Dónde está mi pedido?', words: 4 },
  { text: 'मैं अपना पासवर्ड कैसे बदलूं?', words: 5 },
  { text: '你好，我想退货。', words: 4 },
  { text: 'パスワードを忘れました', words: 5 },
];

/** Share of `words` events that carry `text` instead of `quantity`. */
const TEXT_SHARE = 0.005;
/** Share of questions asked by a visitor seen before. */
const RETURNING_SHARE = 0.3;
/** How many of the latest visitors may come back. */
const RECENT_VISITORS = 500;
/** Share of contacts captured a second time, up to 40 days later; they still count once. */
const RECAPTURE_SHARE = 0.1;
/** Day-to-day noise of the pace: a factor between e^-0.15 and e^0.15. */
const DAILY_NOISE = 0.15;

interface Visitor {
  id: string;
  number: number;
  country: string | undefined;
}

/** The days to fill and the instants outside which events are dropped. */
export interface ActivityWindow {
  days: DemoDay[];
  fromMs: number;
  toMs: number;
  /** Multiplies every volume. */
  scale: number;
}

/** Returns an instant in a local hour drawn from the hourly weights. */
export function instantInDay(day: DemoDay, hours: WeightedPicker<number>, random: SeededRandom): number {
  return day.hourStartsMs[hours.pick(random)] + random.integer(0, 3_599_999);
}

/** Returns the pace of a day relative to a weekday at the end of the history. */
export function dayPace(profile: DemoTenantProfile, window: ActivityWindow, dayIndex: number): number {
  const day = window.days[dayIndex];
  const [saturday, sunday] = profile.weekendPace;
  let weekdayPace = 1;
  if (day.weekday === 6) weekdayPace = saturday;
  if (day.weekday === 7) weekdayPace = sunday;
  return growthPace(dayIndex, window.days.length) * weekdayPace;
}

/**
 * Generates one tenant's chat and integration usage day by day: visitor questions, each with the
 * AI's answer as a `words` event, contacts left by some visitors, and API requests.
 */
export function generateUsageActivity(profile: DemoTenantProfile, window: ActivityWindow, random: SeededRandom): TimedEvent[] {
  const events: TimedEvent[] = [];
  const countries = new CountryMix(profile.homeCountries);
  const questionHours = new WeightedPicker(QUESTION_HOURS.map((weight, hour) => [hour, weight] as const));
  const apiHours = new WeightedPicker(API_HOURS.map((weight, hour) => [hour, weight] as const));
  const recentVisitors: Visitor[] = [];
  let visitorCount = 0;
  let eventCount = 0;

  const nextId = () => `${profile.slug}-e${++eventCount}`;
  const keep = (event: TimedEvent) => {
    if (event.atMs >= window.fromMs && event.atMs <= window.toMs) events.push(event);
  };
  const nextVisitor = (): Visitor => {
    if (recentVisitors.length > 0 && random.chance(RETURNING_SHARE)) {
      return random.pick(recentVisitors);
    }
    const visitor = { id: `${profile.slug}-visitor-${++visitorCount}`, number: visitorCount, country: countries.pick(random) };
    recentVisitors.push(visitor);
    if (recentVisitors.length > RECENT_VISITORS) recentVisitors.shift();
    return visitor;
  };

  window.days.forEach((day, dayIndex) => {
    const pace = dayPace(profile, window, dayIndex) * random.jitter(DAILY_NOISE) * window.scale;

    const questions = random.count(profile.questionsPerDay * pace);
    for (let question = 0; question < questions; question++) {
      const askedAtMs = instantInDay(day, questionHours, random);
      const visitor = nextVisitor();
      const country = visitor.country === undefined ? {} : { country: visitor.country };
      keep(timedEvent(askedAtMs, { id: nextId(), type: 'question', visitorId: visitor.id, ...country }));

      const answer = random.chance(TEXT_SHARE) ? { text: random.pick(DEMO_TEXTS).text } : { quantity: 30 + Math.floor(random.next() ** 2 * 420) };
      keep(timedEvent(askedAtMs + random.integer(2_000, 20_000), { id: nextId(), type: 'words', ...answer }));

      if (random.chance(profile.contactRate)) {
        const contact = { type: 'contact' as const, contactId: `${profile.slug}-contact-${visitor.number}`, ...country };
        const capturedAtMs = askedAtMs + random.integer(60_000, 600_000);
        keep(timedEvent(capturedAtMs, { id: nextId(), ...contact }));
        if (random.chance(RECAPTURE_SHARE)) {
          keep(timedEvent(capturedAtMs + random.integer(1, 40) * DAY_MS, { id: nextId(), ...contact }));
        }
      }
    }

    const apiEvents = random.count(profile.apiEventsPerDay * pace);
    for (let request = 0; request < apiEvents; request++) {
      const quantity = 1 + Math.floor(random.next() ** 3 * 40);
      keep(timedEvent(instantInDay(day, apiHours, random), { id: nextId(), type: 'api_request', quantity }));
    }
  });

  return events;
}
