import { describe, expect, it } from 'vitest';
import { minifyCss } from './minify-css-literals.js';

describe('minifyCss', () => {
  it('drops comments and whitespace but keeps the spaces selectors need', () => {
    expect(
      minifyCss(`
        /* a comment */
        :host ::part(button) ,
        .a :hover {
          color : red;
          margin: 0 auto;
        }
      `),
    ).toBe(' :host ::part(button),.a :hover{color :red;margin:0 auto}');
  });
});
