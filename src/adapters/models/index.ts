export { contextWindowOf, contextWindowsReviewedOn, findContextWindow } from './context-windows.ts';
export { createModelGateway, type ModelGatewayOptions } from './create-model-gateway.ts';
export type { CustomProviderConfig } from './known-providers.ts';
export { ModelCallError } from './model-call-error.ts';
export { estimateCostUsd, findListPrice, type ModelPrice, priceOf, pricesReviewedOn } from './prices.ts';
