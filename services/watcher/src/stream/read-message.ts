import { TextDecoder } from 'node:util';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The mention a message carries, as JSON, or why it cannot be read (the schema is checked later,
 * with the rest of its batch).
 * @example readMessage(new TextEncoder().encode('{"source":"weibo"}')) // { value: { source: 'weibo' } }
 */
export function readMessage(data: Uint8Array): { value: unknown } | { unreadable: string } {
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    return { unreadable: 'not valid UTF-8' };
  }
  if (text.trim() === '') return { unreadable: 'empty message: expected one mention as JSON' };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { unreadable: 'not JSON: expected one mention as a JSON object' };
  }
}
