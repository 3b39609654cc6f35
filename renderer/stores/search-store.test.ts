// Search answers become one hit per thread, best post first.
import { describe, expect, it } from 'vitest';
import { hitsOf } from './search-store';

describe('hitsOf', () => {
  it('keeps the first (best) post per topic and titles it from the topics list', () => {
    const hits = hitsOf({
      posts: [
        {
          id: 10,
          username: 'carol',
          created_at: '2026-11-01T00:00:00Z',
          blurb: 'catamaran in June',
          post_number: 2,
          topic_id: 7,
        },
        {
          id: 11,
          username: 'alice',
          created_at: '2026-11-01T00:00:00Z',
          blurb: 'the catamaran',
          post_number: 1,
          topic_id: 7,
        },
        {
          id: 12,
          username: 'bob',
          created_at: '2026-11-02T00:00:00Z',
          blurb: 'boats',
          post_number: 1,
          topic_id: 9,
        },
      ],
      topics: [
        { id: 7, title: 'Boat rental' },
        { id: 9, title: 'Harbour' },
        { id: 11, title: 'Title match only' },
      ],
      users: [],
    });
    expect(hits.map((h) => [h.topicId, h.title, h.username, h.postNumber])).toEqual([
      [7, 'Boat rental', 'carol', 2],
      [9, 'Harbour', 'bob', 1],
      [11, 'Title match only', '', 1],
    ]);
  });
});
