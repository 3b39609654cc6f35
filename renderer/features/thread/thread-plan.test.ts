// Long threads collapse their older middle; short ones show everything.
import { describe, expect, it } from 'vitest';
import { COLLAPSE_OVER, NEWEST_SHOWN, planThread } from './thread-plan';

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('planThread', () => {
  it('shows a short thread whole', () => {
    expect(planThread(ids(COLLAPSE_OVER), 0)).toEqual({ head: ids(COLLAPSE_OVER), collapsed: 0, tail: [] });
  });

  it('shows the first post and the newest ones of a long thread', () => {
    const plan = planThread(ids(500), 0);
    expect(plan.head).toEqual([1]);
    expect(plan.tail).toEqual([497, 498, 499, 500]);
    expect(plan.collapsed).toBe(500 - 1 - NEWEST_SHOWN);
  });

  it('reveals the middle from the top, in order, until nothing is collapsed', () => {
    const partly = planThread(ids(500), 40);
    expect(partly.head).toEqual(ids(41));
    expect(partly.collapsed).toBe(500 - 41 - NEWEST_SHOWN);
    const all = planThread(ids(500), Infinity);
    expect([...all.head, ...all.tail]).toEqual(ids(500));
    expect(all.collapsed).toBe(0);
  });
});
