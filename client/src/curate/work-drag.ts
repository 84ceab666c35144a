// The drag-and-drop payload of a library work: its id under a private type, so the canvas only
// accepts drops that come from the library.

/** dataTransfer type that carries a work id from the library to the 3D view. */
export const WORK_DRAG_TYPE = 'application/x-yunzhan-work';
