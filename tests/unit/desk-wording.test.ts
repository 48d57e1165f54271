import { describe, expect, it } from 'vitest';
import { deskHeadline, deskTally } from '../../client/desk/desk-wording.js';

const desk = (open: number, openThreads: number, unanswered: number) => ({ counts: { open, adRef: 1, agreed: 2 }, total: open + 3, openThreads, unanswered });

describe("the desk's summary in words", () => {
  it('says what each number counts, and in the singular for one', () => {
    expect(deskTally(desk(1, 1, 1), { totalAmendments: 1, totalBrackets: 1, totalAlternatives: 1 })).toBe(
      "1 paragraph still open · 1 open thread, 1 waiting for the chair's answer · 1 amendment waiting for the chair's decision · 1 square bracket · 1 paragraph with alternatives",
    );
  });

  it('says "all" when every open thread waits for the chair, and leaves out what is not there', () => {
    expect(deskTally(desk(3, 2, 2), { totalAmendments: 2, totalBrackets: 0, totalAlternatives: 0 })).toBe(
      "3 paragraphs still open · 2 open threads, all waiting for the chair's answer · 2 amendments waiting for the chair's decision · no square brackets",
    );
    expect(deskTally(desk(3, 3, 1), null)).toBe("3 paragraphs still open · 3 open threads, 1 waiting for the chair's answer");
    expect(deskTally(desk(0, 0, 0), null)).toBe('0 paragraphs still open · 0 open threads');
  });

  it('spells out ad referendum in the headline', () => {
    expect(deskHeadline({ counts: { open: 0, adRef: 1, agreed: 0 }, total: 1 })).toBe('0 of 1 paragraph agreed, 1 agreed ad referendum');
  });
});
