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

export function expectedAmountCents(prices: Prices, imageReview: boolean, deliveryChannel: DeliveryChannel): number {
  return (
    prices.secondOpinionCents +
    (imageReview ? prices.imageReviewSurchargeCents : 0) +
    (deliveryChannel === 'courier' ? prices.courierDeliveryCents : 0)
  );
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
