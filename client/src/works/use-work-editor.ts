import type { CreateWorkInput, UpdateWorkInput, Work, WorkKind, WorkMetadata } from '@yunzhan/shared';
import { useCallback, useRef, useState } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import { encodeFieldMessage, type FieldMessage } from '../forms/field-messages';
import { useFocusFirstInvalid } from '../forms/focus-first-invalid';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import type { FieldErrorLike } from '../ui/form-field';
import { useTusUpload } from '../uploads/use-tus-upload';
import type { ExistingGuide } from './audio-guide-field';
import { emptyWorkForm, workFormFrom, WorkMetadataForm, type WorkFormState } from './work-form-state';
import { inferWorkKind, uploadFiletype } from './work-kind';
import { createWork, updateWork } from './works-api';

/** The parts of the work form outside its metadata values: the picked file, its kind, the audio guide. */
export type WorkUploadField = 'file' | 'kind' | 'audioGuide';
/** Errors of those parts (the metadata's are react-hook-form's). */
export type WorkUploadErrors = Partial<Record<WorkUploadField, FieldErrorLike>>;

/** Every field a server issue can land on, in form order (dotted, as the schema names them). */
const WORK_FIELDS = [
  'file',
  'kind',
  'title.zh-CN',
  'title.en',
  'creator',
  'date',
  'medium.zh-CN',
  'medium.en',
  'dimensions.widthCm',
  'dimensions.heightCm',
  'dimensions.depthCm',
  'description.zh-CN',
  'description.en',
  'label.zh-CN',
  'label.en',
  'rights.holder',
  'rights.licence',
  'rights.credit',
  'audioGuide',
];

/** A wire path (CreateWorkInput / UpdateWorkInput) as the form names it. */
const formPathOf = (path: string) => (path.startsWith('metadata.') ? path.slice('metadata.'.length) : path === 'assetId' ? 'file' : path === 'audioGuideAssetId' ? 'audioGuide' : path);

const problem = (message: FieldMessage): FieldErrorLike => ({ type: 'required', message: encodeFieldMessage(message) });

const resolver = schemaResolver(WorkMetadataForm);

/**
 * The add/edit form's state and actions: the picked file and its kind, the work and audio guide
 * uploads (tus), the metadata on react-hook-form (checked with the shared schema), and the POST or
 * PATCH whose VALIDATION_FAILED issues land on the fields they name.
 */
export function useWorkEditor(existing: Work | null, onSaved: (work: Work) => void) {
  const form = useForm<WorkFormState, unknown, WorkMetadata>({
    resolver,
    defaultValues: existing ? workFormFrom(existing.metadata) : emptyWorkForm(),
    // Focus goes to the first problem in the page's order, the file picker included (useFocusFirstInvalid).
    shouldFocusError: false,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [uploadErrors, setUploadErrors] = useState<WorkUploadErrors>({});
  const [pending, setPending] = useState<File | null>(null);
  const [kind, setKind] = useState<WorkKind | ''>(existing?.kind ?? '');
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const [guide, setGuide] = useState<ExistingGuide>(existing?.audioGuideAssetId ? 'keep' : 'none');
  const upload = useTusUpload();
  const guideUpload = useTusUpload();

  const clearError = useCallback(
    (...fields: WorkUploadField[]) => {
      setUploadErrors((current) => (fields.some((f) => current[f]) ? Object.fromEntries(Object.entries(current).filter(([f]) => !fields.includes(f as WorkUploadField))) : current));
      form.clearErrors(fields as never);
    },
    [form],
  );

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

  /** The upload parts' problems now (set as the form's errors, and returned). */
  const checkUploads = (): WorkUploadErrors => {
    const next: WorkUploadErrors = {};
    if (!existing && !uploadReady) next.file = problem({ key: upload.state.phase === 'idle' ? 'works.editor.fileRequired' : 'works.editor.waitUpload' });
    if (guideBusy) next.audioGuide = problem({ key: 'works.editor.waitUpload' });
    setUploadErrors(next);
    return next;
  };

  const submit = form.handleSubmit(
    async (metadata) => {
      if (Object.keys(checkUploads()).length > 0) {
        focusFirstInvalid();
        return;
      }
      const guideId = guideUpload.state.phase === 'done' ? guideUpload.state.assetId : null;
      try {
        let saved: Work;
        if (existing) {
          const input: UpdateWorkInput = { metadata };
          if (guideId) input.audioGuideAssetId = guideId;
          else if (guide === 'remove') input.audioGuideAssetId = null;
          saved = await updateWork(existing.id, input);
        } else {
          const input: CreateWorkInput = { assetId: upload.state.assetId!, kind: kind as WorkKind, metadata, audioGuideAssetId: guideId };
          saved = await createWork(input);
        }
        onSaved(saved);
      } catch (err) {
        applyServerError(err, form.setError, { fields: WORK_FIELDS, rename: formPathOf });
        focusFirstInvalid();
      }
    },
    () => {
      checkUploads();
      focusFirstInvalid();
    },
  );

  // Server issues about the file, its kind or the guide sit in react-hook-form's errors too.
  const serverErrors = form.formState.errors as FieldErrors & Partial<Record<WorkUploadField, FieldErrorLike>>;
  const errors: WorkUploadErrors = {
    file: uploadErrors.file ?? serverErrors.file,
    kind: uploadErrors.kind ?? serverErrors.kind,
    audioGuide: uploadErrors.audioGuide ?? serverErrors.audioGuide,
  };

  return {
    form,
    formRef,
    errors,
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
    saving: form.formState.isSubmitting,
    uploadReady,
    submit,
  };
}
