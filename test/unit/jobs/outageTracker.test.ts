import * as assert from 'node:assert/strict';
import { OutageTracker } from '../../../src/jobs/outageTracker';
import type { RefreshReport } from '../../../src/jobs/poller';

function report(unreachable: string[]): RefreshReport {
  return { requests: 2, finished: [], lost: [], discovered: [], unreachable: unreachable.map((coordinator) => ({ coordinator, error: new Error('down') })) };
}

describe('OutageTracker', () => {
  const all = ['http://a:1', 'http://b:1'];

  it('reports a coordinator going down once, however many refreshes fail while it is down', () => {
    const tracker = new OutageTracker();
    const news = [report(['http://a:1']), report(['http://a:1']), report(['http://a:1'])].map((each) => tracker.observe(each, all));
    assert.deepEqual(news.map((each) => each.wentDown.map(({ coordinator }) => coordinator)), [['http://a:1'], [], []]);
    // b was never down: its answering is no news; a's is.
    assert.deepEqual(tracker.observe(report([]), all).cameBack, ['http://a:1']);
  });

  it('reports it back once it answers, and down again after a new outage', () => {
    const tracker = new OutageTracker();
    tracker.observe(report(['http://a:1']), all);
    assert.deepEqual(tracker.observe(report([]), all).cameBack, ['http://a:1']);
    assert.deepEqual(tracker.observe(report([]), all).cameBack, []);
    assert.deepEqual(tracker.observe(report(['http://a:1']), all).wentDown.length, 1);
  });

  it('keeps the coordinators apart', () => {
    const tracker = new OutageTracker();
    tracker.observe(report(['http://a:1']), all);
    const next = tracker.observe(report(['http://a:1', 'http://b:1']), all);
    assert.deepEqual(next.wentDown.map(({ coordinator }) => coordinator), ['http://b:1']);
  });
});
