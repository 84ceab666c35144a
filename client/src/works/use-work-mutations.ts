import type { CreateWorkInput, ReviewInput, SubtitleLang, UpdateWorkInput, Work } from '@yunzhan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../data/query-keys';
import { createWork, deleteSubtitles, putSubtitles, reviewWork, updateWork } from './works-api';

// The writes of the works catalogue as mutations: each puts the answer into the cache and
// invalidates every works list (the library, the review queue), so no page re-reads by hand.

/** After a write: the work as the server now has it, and every list read again. */
function useSettle() {
  const queryClient = useQueryClient();
  return (work: Work) => {
    queryClient.setQueryData(queryKeys.works.detail(work.id), work);
    return queryClient.invalidateQueries({ queryKey: queryKeys.works.lists });
  };
}

/** POST /api/works. `mutateAsync(input)` resolves with the new work. */
export function useCreateWork() {
  const settle = useSettle();
  return useMutation({ mutationFn: (input: CreateWorkInput) => createWork(input), onSuccess: settle });
}

/** PATCH /api/works/:id. `mutateAsync({ workId, input })` resolves with the work. */
export function useUpdateWork() {
  const settle = useSettle();
  return useMutation({ mutationFn: ({ workId, input }: { workId: string; input: UpdateWorkInput }) => updateWork(workId, input), onSuccess: settle });
}

/** POST /api/works/:id/review (admins). `mutateAsync({ workId, input })` resolves with the work. */
export function useReviewWork() {
  const settle = useSettle();
  return useMutation({ mutationFn: ({ workId, input }: { workId: string; input: ReviewInput }) => reviewWork(workId, input), onSuccess: settle });
}

/** PUT (a file) or DELETE (null) /api/works/:id/subtitles/:lang. Resolves with the work. */
export function useSetSubtitles() {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ workId, lang, file }: { workId: string; lang: SubtitleLang; file: File | null }) => (file ? putSubtitles(workId, lang, file) : deleteSubtitles(workId, lang)),
    onSuccess: settle,
  });
}
