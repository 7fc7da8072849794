/**
 * What the knowledge base needs from a model. The LLM runtime satisfies it; the knowledge base does not
 * depend on how or where the model runs.
 */
export interface Embedder {
  /** Names the model whose vectors are stored: vectors of another model are not comparable. */
  readonly embeddingModelId: string;
  embed(text: string): Promise<Float32Array>;
}
