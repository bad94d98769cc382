// Refusals and failures say what happened and where to go, in the same words
// whether a resource route answers them as text or a page shows them; never a
// stack, never "Unexpected Server Error", never the router's own message.
import { UNSAFE_ErrorResponseImpl as ErrorResponse } from '@remix-run/router';
import { describe, expect, it, vi } from 'vitest';
import { describeError } from '~/components/RouteError';
import { FAILURE, parseRefusal, plainResponse, refusalText, resourceLoader } from '~/lib/responses';

const REFUSAL = { title: 'Not open to your account', message: 'This page is for the administrator role.', advice: 'Ask your administrator.' };

describe('refusals in words', () => {
  it('reads back the words it wrote', async () => {
    expect(parseRefusal(refusalText(REFUSAL))).toEqual(REFUSAL);
    const response = plainResponse(403, REFUSAL);
    expect(response.status).toBe(403);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(parseRefusal(await response.text())).toEqual(REFUSAL);
    expect(parseRefusal('one line only\n')).toBeNull();
  });

  it('shows a thrown refusal on the page with its own heading and words', () => {
    expect(describeError(new ErrorResponse(403, 'Forbidden', refusalText(REFUSAL)))).toEqual({ status: 403, ...REFUSAL });
  });

  it("never shows the router's own message for an address it does not know", () => {
    const said = describeError(new ErrorResponse(404, 'Not Found', new Error('No route matches URL "/nope"'), true));
    expect(said.title).toBe('Not found');
    expect(JSON.stringify(said)).not.toContain('No route matches');
  });

  it('says what a status means when the error brings no words', () => {
    expect(describeError(new ErrorResponse(404, 'Not Found', null)).title).toBe('Not found');
    expect(describeError(new ErrorResponse(403, 'Forbidden', { message: 'Nope.' }))).toMatchObject({ title: 'Not open to your account', message: 'Nope.' });
    expect(describeError(new ErrorResponse(502, 'Bad Gateway', null)).title).toBe(FAILURE.title);
    expect(describeError(new Error('at line 3 of secret.ts'))).toEqual({ status: 500, ...FAILURE });
  });

  it('answers an unexpected failure of a resource route in words, and lets refusals through', async () => {
    const request = new Request('http://localhost/exports/download');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failed = await resourceLoader(async () => {
        throw new Error('disk on fire');
      })({ request });
      expect(failed.status).toBe(500);
      const body = await failed.text();
      expect(parseRefusal(body)).toEqual(FAILURE);
      expect(body).not.toMatch(/Unexpected Server Error|disk on fire|at /);
    } finally {
      quiet.mockRestore();
    }
    const refused = plainResponse(403, REFUSAL);
    await expect(resourceLoader(async () => Promise.reject(refused))({ request })).rejects.toBe(refused);
  });
});
