// Local ESLint rules of this project (see eslint.config.js). Plain ESM, no build step.
//
// keji/no-han-literal     A string or template literal with Chinese characters (Han script) in a file
//                         where every message must come from the i18n table (shared/i18n/messages.ts).
//                         Regular expressions are not strings: a pattern that recognises 学年 in a
//                         spreadsheet title is not a message. Punctuation alone (《》、，) is allowed.
// keji/no-message-key-cast  `x as MessageKey` (or <MessageKey>x, `as MessageKey[]`): a cast hides a key
//                         the table does not have. Build keys the compiler can check (a template literal
//                         over a union) or ask the table with isMessageKey().

const HAN = /\p{Script=Han}/u;

/** @type {import('eslint').Rule.RuleModule} */
const noHanLiteral = {
  meta: {
    type: 'problem',
    docs: { description: 'Chinese text belongs in the i18n table (shared/i18n), not inline' },
    schema: [],
    messages: {
      inline: 'Chinese text "{{text}}" written inline: add it to shared/i18n/tables/<feature>.ts and use translate().',
    },
  },
  create(context) {
    const report = (node, text) =>
      context.report({ node, messageId: 'inline', data: { text: text.length > 24 ? `${text.slice(0, 24)}…` : text } });
    return {
      Literal(node) {
        if (typeof node.value !== 'string' || !HAN.test(node.value)) return;
        const p = node.parent;
        // module specifiers and 'use strict'-style directives are not text
        if (
          p &&
          (p.type === 'ImportDeclaration' ||
            p.type === 'ExportNamedDeclaration' ||
            p.type === 'ExportAllDeclaration' ||
            p.type === 'ImportExpression')
        )
          return;
        if (p && p.type === 'ExpressionStatement' && p.directive) return;
        report(node, node.value);
      },
      TemplateElement(node) {
        const text = node.value.cooked ?? node.value.raw;
        if (HAN.test(text)) report(node, text);
      },
    };
  },
};

const isMessageKeyType = (t) => {
  if (!t) return false;
  if (t.type === 'TSTypeReference') return t.typeName.type === 'Identifier' && t.typeName.name === 'MessageKey';
  if (t.type === 'TSArrayType') return isMessageKeyType(t.elementType);
  if (t.type === 'TSTypeOperator') return isMessageKeyType(t.typeAnnotation); // readonly MessageKey[]
  if (t.type === 'TSUnionType') return t.types.some(isMessageKeyType);
  return false;
};

/** @type {import('eslint').Rule.RuleModule} */
const noMessageKeyCast = {
  meta: {
    type: 'problem',
    docs: { description: 'no `as MessageKey`: a key the compiler cannot check may not exist' },
    schema: [],
    messages: {
      cast: 'Cast to MessageKey: build the key so the compiler checks it, or check a key built from data with isMessageKey() (shared/i18n/messages).',
    },
  },
  create(context) {
    const check = (node) => {
      if (isMessageKeyType(node.typeAnnotation)) context.report({ node, messageId: 'cast' });
    };
    return { TSAsExpression: check, TSTypeAssertion: check };
  },
};

export default {
  meta: { name: 'keji' },
  rules: { 'no-han-literal': noHanLiteral, 'no-message-key-cast': noMessageKeyCast },
};
