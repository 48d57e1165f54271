import { useMemo, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { AmendmentView, DocumentAbilities } from '../../shared/api/index.js';
import type { ItemAsker } from '../../shared/policy/document.js';
import type { BracketGroup } from '../../shared/editor/brackets.js';
import type { AlternativeChoiceView } from '../api.js';
import type { AmendmentViewer } from '../amendments/AmendmentItem.js';
import { useLiveAmendments } from '../amendments/store.js';
import type { AmendmentCallbacks } from '../editor/DeclarationEditor.js';
import type { PushToast } from '../panels/Toasts.js';
import { useBracketGroups, useTextAlternatives } from './editorState.js';

export interface DocumentAmendments {
  live: ReturnType<typeof useLiveAmendments>;
  pending: AmendmentView[];
  brackets: BracketGroup[];
  alternatives: AlternativeChoiceView[];
  /** Who is looking, and what the policy lets them do with amendments. */
  viewer: AmendmentViewer;
  selectedAmendmentId: string | null;
  setSelectedAmendmentId: (amendmentId: string | null) => void;
  /** What the editor tells the amendments panel: a proposal clicked, a notice. */
  callbacks: AmendmentCallbacks;
}

/** The amendments, bracket choices and alternative paragraphs standing in the text, live. */
export function useAmendments(options: {
  documentId: string;
  editor: Editor | null;
  labels: ReadonlyMap<string, string>;
  /** The person, with their delegation's code (positions are taken by delegations). */
  asker: ItemAsker;
  abilities: DocumentAbilities;
  pushToast: PushToast;
  /** Bring the amendments tab forward. */
  show: () => void;
}): DocumentAmendments {
  const { documentId, editor, labels, asker, abilities, pushToast, show } = options;
  const [selectedAmendmentId, setSelectedAmendmentId] = useState<string | null>(null);
  const live = useLiveAmendments(documentId, editor, labels);
  const brackets = useBracketGroups(editor);
  const textAlternatives = useTextAlternatives(editor);
  const alternatives = useMemo<AlternativeChoiceView[]>(
    () =>
      textAlternatives.map((c) => ({
        clauseId: c.clauseId,
        label: labels.get(c.clauseId) ?? '',
        options: c.options.map((o) => ({ ...o, label: labels.get(o.clauseId) ?? '' })),
      })),
    [textAlternatives, labels],
  );
  const pending = live.amendments.filter((a) => a.status === 'pending');
  const viewer = useMemo<AmendmentViewer>(() => ({ asker, abilities }), [asker, abilities]);
  const callbacks: AmendmentCallbacks = {
    onNotice: (message) => pushToast(message, { key: 'notice', ms: 4_000 }),
    onSelectAmendment: (amendmentId) => {
      setSelectedAmendmentId(amendmentId);
      show();
    },
  };
  return { live, pending, brackets, alternatives, viewer, selectedAmendmentId, setSelectedAmendmentId, callbacks };
}
