/**
 * The Circle of Experts: consult a panel of LLMs in parallel and get consensus, dissent, recommendations,
 * contradictions, confidence and cost. Owns providers, consensus, costs, weights and history (docs/experts.md).
 */
export { createExpertsService, type ExpertsService, type ExpertsServiceOptions, type SecretSealer } from './experts-service.js';
export { expertsMigrations } from './migrations.js';
export {
  type ConsultInput,
  type ConsultProgress,
  type ConsultResult,
  consultInput,
  consultOutput,
  consultProgress,
  exportInput,
  feedbackInput,
  feedbackOutput,
  healthInput,
  healthOutput,
  historyInput,
  historyOutput,
  listInput,
  listOutput,
  setProviderKeyInput,
} from './schemas.js';
export { type LLMProvider, PROVIDER_IDS, type ProviderId, QUERY_TYPES, type QueryType, STANCES, type Stance } from './types.js';
