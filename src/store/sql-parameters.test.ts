// Unit tests for the parameter scanner and binder shared by the SQLite adapters.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindArguments, parameterShape } from './sql-parameters.js';

describe('parameterShape', () => {
  it('counts ? and collects @names outside literals, identifiers and comments', () => {
    const sql = `SELECT '?', "@a", \`?\`, [@b], 'it''s ?', ? -- ? @c
      /* ? @d */ FROM t WHERE x = ?`;
    assert.deepEqual(parameterShape(sql), { positional: 2, names: new Set() });
    assert.deepEqual(parameterShape('SELECT @a, @b_2, @a'), { positional: 0, names: new Set(['a', 'b_2']) });
    assert.deepEqual(parameterShape("SELECT json_extract(x, '$.a') FROM t"), { positional: 0, names: new Set() });
  });

  it('rejects other parameter styles and mixing', () => {
    for (const sql of ['SELECT :a', 'SELECT $a', 'SELECT ?1', 'SELECT ?, @a', 'SELECT @1']) {
      assert.throws(() => parameterShape(sql), TypeError, sql);
    }
  });
});

describe('bindArguments', () => {
  it('prefixes named keys as the driver wants', () => {
    const shape = parameterShape('SELECT @a');
    assert.deepEqual(bindArguments(shape, [{ a: 1 }], '@'), [{ '@a': 1 }]);
    assert.deepEqual(bindArguments(shape, [{ a: 1 }], ''), [{ a: 1 }]);
  });

  it('treats a lone Buffer as a positional value, not named parameters', () => {
    const shape = parameterShape('SELECT ?');
    const blob = Buffer.from('x');
    assert.deepEqual(bindArguments(shape, [blob], ''), [blob]);
  });
});
