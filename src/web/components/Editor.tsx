/**
 * The code editor: CodeMirror 6 with the basic setup (line numbers, brackets, search, undo),
 * highlighting for the chosen language, Tab to indent (by 4 spaces, as the starters are written), and Ctrl/Cmd+Enter to submit. The text is
 * the parent's: `value` replaces it when it differs (a language switch, a reset), `onChange` hears
 * every edit.
 */
import { indentWithTab } from '@codemirror/commands';
import { indentUnit } from '@codemirror/language';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';
import { pageLanguage } from '../languages.js';

export interface EditorProps {
  value: string;
  language: string;
  onChange?: (code: string) => void;
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void;
  readOnly?: boolean;
  /** For assistive technology and tests. */
  label: string;
}

export function Editor({ value, language, onChange, onSubmit, readOnly = false, label }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const languageSlot = useRef(new Compartment());
  // the latest callbacks, read by the editor's handlers (made once)
  const handlers = useRef({ onChange, onSubmit });
  handlers.current = { onChange, onSubmit };

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: () => {
                  handlers.current.onSubmit?.();
                  return true;
                },
              },
            ]),
          ),
          keymap.of([indentWithTab]),
          // the starters of every language indent by 4 spaces; a line added to them must line up (Python)
          indentUnit.of('    '),
          EditorState.tabSize.of(4),
          languageSlot.current.of(pageLanguage(language).highlight()),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) handlers.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // made once; value and language follow below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: languageSlot.current.reconfigure(pageLanguage(language).highlight()) });
  }, [language]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className="editor" ref={host} data-language={language} />;
}
