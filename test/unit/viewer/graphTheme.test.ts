import assert from 'node:assert/strict';
import { parseCssColour } from '../../../src/webview/result/graph/graphTheme';

describe('parseCssColour: VS Code theme colours for the graph canvas', () => {
  it('reads hex colours, short and long, with and without alpha', () => {
    assert.deepEqual(parseCssColour('#1e1e1e'), { rgb: 'rgb(30, 30, 30)', opacity: 1 });
    assert.deepEqual(parseCssColour(' #FFF '), { rgb: 'rgb(255, 255, 255)', opacity: 1 });
    assert.deepEqual(parseCssColour('#26477880'), { rgb: 'rgb(38, 71, 120)', opacity: 128 / 255 });
    assert.deepEqual(parseCssColour('#0008'), { rgb: 'rgb(0, 0, 0)', opacity: 136 / 255 });
  });

  it('reads rgb() and rgba(), with commas or spaces, numbers or percentages', () => {
    assert.deepEqual(parseCssColour('rgb(0, 122, 204)'), { rgb: 'rgb(0, 122, 204)', opacity: 1 });
    assert.deepEqual(parseCssColour('rgba(255, 255, 255, 0.5)'), { rgb: 'rgb(255, 255, 255)', opacity: 0.5 });
    assert.deepEqual(parseCssColour('rgb(100% 0% 50% / 25%)'), { rgb: 'rgb(255, 0, 128)', opacity: 0.25 });
  });

  it('reads transparent as clear, and refuses what it cannot read', () => {
    assert.deepEqual(parseCssColour('transparent'), { rgb: 'rgb(0, 0, 0)', opacity: 0 });
    assert.equal(parseCssColour(''), undefined);
    assert.equal(parseCssColour('var(--x)'), undefined);
    assert.equal(parseCssColour('#12345'), undefined);
    assert.equal(parseCssColour('rgb(1, 2)'), undefined);
  });
});
