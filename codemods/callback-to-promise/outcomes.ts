/**
 * An error-first callback's body as it runs on each outcome of its operation: with the error null (success) or set
 * (failure). Tests that the outcome decides (`if (err)`, `if (!err)`, `err ? a : b`, `err && more`, `err == null`)
 * are resolved; every other statement is kept as the same node, so a later edit to it shows in both bodies.
 */

import { type AstNode, child, children, identifierName, isNullish, prop } from '../../core/ast.js';
import { build } from '../utils/syntax.js';
import { canCompleteNormally } from '../utils/statements.js';

type Decision = { readonly value: boolean } | { readonly residual: AstNode } | undefined;

/** The statements that run when the callback is called with `errorName` set (`failed`) or null (not `failed`). */
export function bodyOnOutcome(statements: readonly AstNode[], errorName: string, failed: boolean): AstNode[] {
  return new OutcomeReader(errorName, failed).statements(statements);
}

/** The statements of a body or branch: a block's list, or the one statement. */
export function statementList(statement: AstNode | undefined): AstNode[] {
  if (statement === undefined) return [];
  return statement.type === 'BlockStatement' ? children(statement, 'body') : [statement];
}

/** Whether a list declares block-scoped names, so that splicing it into an outer list could change scopes. */
export function declaresLexically(statements: readonly AstNode[]): boolean {
  return statements.some(
    (statement) =>
      (statement.type === 'VariableDeclaration' && prop(statement, 'kind') !== 'var') ||
      statement.type === 'ClassDeclaration' ||
      statement.type === 'FunctionDeclaration',
  );
}

class OutcomeReader {
  constructor(
    private readonly errorName: string,
    private readonly failed: boolean,
  ) {}

  statements(list: readonly AstNode[]): AstNode[] {
    const out: AstNode[] = [];
    for (const statement of list) {
      out.push(...this.statement(statement));
      if (!canCompleteNormally(out)) break; // what follows cannot run
    }
    return out;
  }

  /** One statement on this outcome: the branch it takes, a copy with its own decided parts, or itself. */
  private statement(statement: AstNode): AstNode[] {
    if (statement.type === 'IfStatement') return this.ifStatement(statement);
    if (statement.type === 'BlockStatement') {
      const body = this.statements(children(statement, 'body'));
      return [build('BlockStatement', { body })];
    }
    if (statement.type === 'ExpressionStatement' || statement.type === 'ReturnStatement') {
      const key = statement.type === 'ExpressionStatement' ? 'expression' : 'argument';
      const expression = child(statement, key);
      if (expression?.type === 'ConditionalExpression') {
        const decision = this.decide(child(expression, 'test'));
        if (decision !== undefined && 'value' in decision) {
          const chosen = child(expression, decision.value ? 'consequent' : 'alternate');
          return [build(statement.type, { [key]: chosen })];
        }
      }
    }
    return [statement];
  }

  private ifStatement(statement: AstNode): AstNode[] {
    const consequent = child(statement, 'consequent');
    const alternate = child(statement, 'alternate');
    const decision = this.decide(child(statement, 'test'));
    if (decision !== undefined && 'value' in decision) {
      const taken = this.statements(statementList(decision.value ? consequent : alternate));
      return declaresLexically(taken) ? [build('BlockStatement', { body: taken })] : taken;
    }
    const test = decision === undefined ? child(statement, 'test') : decision.residual;
    return [
      build('IfStatement', {
        test,
        consequent: this.branch(consequent),
        alternate: alternate === undefined ? null : this.branch(alternate),
      }),
    ];
  }

  private branch(statement: AstNode | undefined): AstNode {
    const body = this.statements(statementList(statement));
    return statement?.type !== 'BlockStatement' && body.length === 1 && body[0] !== undefined ? body[0] : build('BlockStatement', { body });
  }

  /** What the outcome says about a test: its value, or the part still to evaluate (`more` in `err && more`). */
  private decide(test: AstNode | undefined): Decision {
    if (test === undefined) return undefined;
    const bare = test.type === 'ParenthesizedExpression' ? child(test, 'expression') : test;
    if (bare === undefined) return undefined;
    if (identifierName(bare) === this.errorName && bare.type === 'Identifier') return { value: this.failed };
    if (bare.type === 'UnaryExpression' && prop(bare, 'operator') === '!') {
      const inner = this.decide(child(bare, 'argument'));
      return inner !== undefined && 'value' in inner ? { value: !inner.value } : undefined;
    }
    if (bare.type === 'BinaryExpression' && (prop(bare, 'operator') === '!=' || prop(bare, 'operator') === '==')) {
      const left = child(bare, 'left');
      const right = child(bare, 'right');
      const comparesError =
        (identifierName(left) === this.errorName && isNullish(right)) || (identifierName(right) === this.errorName && isNullish(left));
      if (!comparesError) return undefined;
      return { value: prop(bare, 'operator') === '!=' ? this.failed : !this.failed };
    }
    if (bare.type === 'LogicalExpression') {
      const left = this.decide(child(bare, 'left'));
      const right = child(bare, 'right');
      if (left === undefined || !('value' in left) || right === undefined) return undefined;
      const operator = prop(bare, 'operator');
      if (operator === '&&') return left.value ? (this.decide(right) ?? { residual: right }) : { value: false };
      if (operator === '||') return left.value ? { value: true } : (this.decide(right) ?? { residual: right });
    }
    return undefined;
  }
}
