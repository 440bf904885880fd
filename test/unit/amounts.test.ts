import { describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.js';

/** Amounts of thousands of euro (a bank statement's total, a mismatch on a large transfer) as each reader writes them. */
describe('amounts in euro', () => {
  it('are grouped as the language groups them: €12,345.50 in English; 1234,50 € and 12.345,50 € in Italian', () => {
    expect(messages('en').payment.pending(1_234_550)).toBe('Payment pending (€12,345.50 expected)');
    expect(messages('en').bank.found(messages('en').euro(123_450), '03/12/2026')).toBe('Transfer found: €1,234.50, value date 03/12/2026');
    expect(messages('it').payment.confirmed(123_450)).toBe('Pagato 1234,50 €');
    expect(messages('it').payment.confirmed(1_234_550)).toBe('Pagato 12.345,50 €');
  });

  it('fill in the payment form as a person types them, without grouping', () => {
    expect(messages('en').amountInput(1_234_550)).toBe('12345.50');
    expect(messages('it').amountInput(1_234_550)).toBe('12345,50');
  });
});
