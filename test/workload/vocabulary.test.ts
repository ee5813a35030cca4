import { describe, expect, it } from "vitest";
import { OP_CATEGORIES, ROLE_OP_CATEGORY, SELF_ATTENTION_DEFINITIONS } from "../../lib/workload/categories.ts";
import { ATTENTION_CORE_ROLES, ROLES, roleCategory } from "../../lib/specs/roles.ts";

describe("one op vocabulary: roles grouped two ways", () => {
  it("every role has an op category and a Fig. 1 category", () => {
    expect(Object.keys(ROLE_OP_CATEGORY).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(OP_CATEGORIES).toContain(ROLE_OP_CATEGORY[role]);
  });

  it("the groupings agree: projections are SA-Linear, the attention core is SA-MatMul/Softmax/Others, the MLP is MLP", () => {
    for (const role of ROLES) {
      const op = ROLE_OP_CATEGORY[role];
      const fig1 = roleCategory(role);
      if (op === "qkvProjection") expect(fig1).toBe("SA-Linear (qkv, proj)");
      if (op === "attentionCore") expect(["SA-MatMul & Transpose & Reshape & Split", "SA-Softmax", "SA-Others"]).toContain(fig1);
      if (op === "mlp") expect(fig1).toBe("MLP");
      if (fig1 === "SA-Softmax" || fig1 === "SA-MatMul & Transpose & Reshape & Split") expect(op).toBe("attentionCore");
    }
  });

  it("the roles a windowed kernel replaces are all in the core-only self-attention definition", () => {
    for (const role of ATTENTION_CORE_ROLES) expect(SELF_ATTENTION_DEFINITIONS.coreOnly).toContain(ROLE_OP_CATEGORY[role]);
  });
});
