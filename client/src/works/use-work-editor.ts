import type { CreateWorkInput, UpdateWorkInput, Work, WorkKind } from '@yunzhan/shared';
import { useCallback, useState } from 'react';
import type { MessageKey } from '../i18n/dictionary';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { useTusUpload } from '../uploads/use-tus-upload';
import type { ExistingGuide } from './audio-guide-field';
import { fieldErrorsFromIssues, fieldsOfFormKey, issuesOfDetails, validateWorkForm, WORK_FORM_FIELDS, type FieldErrors, type WorkFormField, withoutFields } from './work-field-errors';
import { fieldDomId } from './work-form-fields';
import { emptyWorkForm, workFormFrom, type WorkFormState } from './work-form-state';
import { inferWorkKind, uploadFiletype } from './work-kind';
import { createWork, updateWork } from './works-api';

/** A message above the form: a dictionary key, its values and the server's words, if any. */
export interface FormMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
  details?: string[];
}

/** Moves focus to the first field with an error, in form order, so it is read out and visible. */
function focusFirstError(errors: FieldErrors) {
  const first = WORK_FORM_FIELDS.find((f) => errors[f]);
  if (first) requestAnimationFrame(() => document.getElementById(fieldDomId(first))?.focus());
}

/**
 * The add/edit form's state and actions: the picked file and its kind, the work and audio guide
 * uploads (tus), the metadata, client validation with the shared schema, and the POST or PATCH
 * whose VALIDATION_FAILED issues land on the fields they name.
 */
export function useWorkEditor(existing: Work | null, onSaved: (work: Work) => void) {
  const [form, setForm] = useState<WorkFormState>(() => (existing ? workFormFrom(existing.metadata) : emptyWorkForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [pending, setPending] = useState<File | null>(null);
  const [kind, setKind] = useState<WorkKind | ''>(existing?.kind ?? '');
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const [guide, setGuide] = useState<ExistingGuide>(existing?.audioGuideAssetId ? 'keep' : 'none');
  const [saving, setSaving] = useState(false);
  const upload = useTusUpload();
  const guideUpload = useTusUpload();

  const clearError = (...fields: WorkFormField[]) => setErrors((current) => withoutFields(current, fields));

  const change = useCallback((patch: Partial<WorkFormState>) => setForm((f) => ({ ...f, ...patch })), []);

  const pick = (file: File) => {
    const inferred = inferWorkKind(file.name, file.type);
    setUnsupported(inferred ? null : file.name);
    setPending(inferred ? file : null);
    if (inferred) setKind(inferred);
    clearError('file', 'kind');
  };

  const startUpload = () => {
    if (!pending || !kind) return;
    void upload.start(pending, { kind, filetype: uploadFiletype(pending.type, kind) });
  };

  const clearFile = () => {
    upload.reset();
    setPending(null);
    setUnsupported(null);
  };

  const pickGuide = (file: File) => {
    clearError('audioGuide');
    void guideUpload.start(file, { kind: 'audio', filetype: uploadFiletype(file.type, 'audio') });
  };

  const uploadReady = upload.state.phase === 'done' && upload.state.assetId !== null;
  const guideBusy = guideUpload.state.phase !== 'idle' && guideUpload.state.phase !== 'done';

  const submit = async () => {
    if (saving) return;
    const result = validateWorkForm(form);
    const next: FieldErrors = result.ok ? {} : { ...result.errors };
    if (!existing && !uploadReady) next.file = { key: upload.state.phase === 'idle' ? 'works.editor.fileRequired' : 'works.editor.waitUpload' };
    if (guideBusy) next.audioGuide = { key: 'works.editor.waitUpload' };
    if (!result.ok || Object.keys(next).length > 0) {
      setErrors(next);
      setMessage({ key: 'works.editor.fixErrors' });
      focusFirstError(next);
      return;
    }
    const guideId = guideUpload.state.phase === 'done' ? guideUpload.state.assetId : null;
    setSaving(true);
    setErrors({});
    setMessage(null);
    try {
      let saved: Work;
      if (existing) {
        const input: UpdateWorkInput = { metadata: result.metadata };
        if (guideId) input.audioGuideAssetId = guideId;
        else if (guide === 'remove') input.audioGuideAssetId = null;
        saved = await updateWork(existing.id, input);
      } else {
        const input: CreateWorkInput = { assetId: upload.state.assetId!, kind: kind as WorkKind, metadata: result.metadata, audioGuideAssetId: guideId };
        saved = await createWork(input);
      }
      setSaving(false);
      onSaved(saved);
    } catch (err) {
      setSaving(false);
      const e = toClientError(err);
      if (e.code === 'VALIDATION_FAILED') {
        const { fields, unplaced } = fieldErrorsFromIssues(issuesOfDetails(e.details));
        setErrors(fields);
        setMessage({ key: 'works.editor.fixErrors', details: unplaced.map((i) => `${i.path.join('.')}: ${i.message ?? ''}`) });
        focusFirstError(fields);
      } else {
        const m = errorMessage(e.code, e.details);
        setMessage({ key: m.key, ...(m.params ? { params: m.params } : {}) });
      }
    }
  };

  return {
    form,
    change: (patch: Partial<WorkFormState>) => {
      change(patch);
      // An edited field's message goes once the person acts on it (the next save checks again).
      clearError(...(Object.keys(patch) as Array<keyof WorkFormState>).flatMap(fieldsOfFormKey));
    },
    errors,
    message,
    pending,
    kind,
    setKind,
    unsupported,
    pick,
    startUpload,
    clearFile,
    upload,
    guideUpload,
    pickGuide,
    guide,
    setGuide,
    saving,
    uploadReady,
    submit,
  };
}
