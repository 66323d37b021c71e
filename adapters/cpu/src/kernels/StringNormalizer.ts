import { Tensor as T, attrInt, attrString } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

/** Drops stopwords (case-insensitively unless told otherwise), then changes case; [C] or [1, C]. */
export const StringNormalizer = defineKernel({
  opType: 'StringNormalizer',
  types: ['string'],
  create: ({ node }) => {
    const action = attrString(node, 'case_change_action', 'NONE');
    const sensitive = attrInt(node, 'is_case_sensitive', 0) === 1;
    const stop = node.attributes.stopwords?.type === 'strings' ? (node.attributes.stopwords.value as string[]) : [];
    const stopSet = new Set(sensitive ? stop : stop.map((s) => s.toLowerCase()));
    return (inputs) => {
      const x = required(node, inputs, 0);
      let kept = (x.data as string[]).filter((s) => !stopSet.has(sensitive ? s : s.toLowerCase()));
      kept = kept.map((s) => (action === 'LOWER' ? s.toLowerCase() : action === 'UPPER' ? s.toUpperCase() : s));
      // an empty result is one empty string, as the reference returns
      if (kept.length === 0) return [new T('string', [''], x.dims.length === 2 ? [1, 1] : [1])];
      return [new T('string', kept, x.dims.length === 2 ? [1, kept.length] : [kept.length])];
    };
  },
});
