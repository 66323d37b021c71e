import { Tensor as T } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { compileBody, graphAttr, nestedKernelsMissing, runBody, scalar } from '../nested.js';

/** If: runs one branch; both branches may read values of the enclosing graphs. */
export const If = defineKernel({
  opType: 'If',
  // 11 let branches/bodies differ in shape (handled); 13-23 add sequence, optional and float8 types, refused elsewhere
  versions: [1, 23],
  check: (q) => nestedKernelsMissing(q.node),
  create: (ctx) => {
    const branches = [compileBody(graphAttr(ctx.node, 'else_branch'), ctx), compileBody(graphAttr(ctx.node, 'then_branch'), ctx)];
    return (inputs) => {
      const b = branches[scalar(required(ctx.node, inputs, 0), `If '${ctx.node.name}' condition`) ? 1 : 0];
      // a branch may return an outer value or an initializer as is: hand back our own tensor
      return runBody(b, [], inputs).map((t) => new T(t.type, t.data, t.dims));
    };
  },
});
