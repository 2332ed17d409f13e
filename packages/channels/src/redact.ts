// Error messages end up in logs and job records, so they carry only enough of an address or a
// number for a human to tell two apart.

/**
 * Hides all but the last four digits of a phone number.
 *
 * @example
 * maskPhone('+447911123456'); // '+********3456'
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${phone.startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)/g;
// A + and 7 or more digits, or a bare run of 8 to 15: what a provider may echo back at us.
const PHONE = /\+\d{7,15}\b|\b\d{8,15}\b/g;

/**
 * Masks the e-mail addresses inside a text, keeping the first letter and the domain.
 *
 * @example
 * maskEmails('550 <bob@example.com> unknown'); // '550 <b***@example.com> unknown'
 */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}

/**
 * Masks phone numbers inside a text, such as a provider's error description.
 *
 * @example
 * maskPhones('invalid number +447911123456'); // 'invalid number +********3456'
 */
export function maskPhones(text: string): string {
  return text.replace(PHONE, maskPhone);
}

/** Cuts a remote party's text to a length that fits in a log line. */
export function truncate(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
