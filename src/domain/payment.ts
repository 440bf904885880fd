/** Expected amount and payment confirmation (SPEC section 2, "Payment"). */

export interface Prices {
  secondOpinionCents: number;
  imageReviewSurchargeCents: number;
  courierDeliveryCents: number;
}

export const DEFAULT_PRICES: Prices = {
  secondOpinionCents: 50_000,
  imageReviewSurchargeCents: 15_000,
  courierDeliveryCents: 1_800,
};

export const DELIVERY_CHANNELS = ['email', 'pec', 'courier', 'hand'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * Base + surcharge (when image review is requested) + courier. The courier fee pays for sending the
 * report back to the patient, which always happens, so it does not depend on the channel the
 * documents arrived by (`deliveryChannel`); a centre that stops charging it sets its price to 0.
 */
export function expectedAmountCents(prices: Prices, imageReview: boolean): number {
  return prices.secondOpinionCents + (imageReview ? prices.imageReviewSurchargeCents : 0) + prices.courierDeliveryCents;
}

export type PaymentState = 'pending' | 'confirmed' | 'mismatch_accepted';
export type PaymentMismatch = 'underpaid' | 'overpaid' | null;

export function paymentMismatch(expectedCents: number, receivedCents: number): PaymentMismatch {
  if (receivedCents < expectedCents) return 'underpaid';
  if (receivedCents > expectedCents) return 'overpaid';
  return null;
}

/** The reason the centre asks the payer to write on the bank transfer. */
export function expectedTransferReason(patientName: string): string {
  return `${patientName} - CNAO Second Opinion`;
}
