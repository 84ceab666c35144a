// The shared control styles, loaded by main.tsx before anything else, so that in the stylesheet
// they come before every component's own rules: a component's class then overrides a ui class of
// the same specificity (`cx(calloutClass(), styles.gate)`, `composes: callout from ...`) whichever
// module happens to import the ui one first, as it did when these lived in styles.css.
import './button.module.css';
import './callout.module.css';
import './badge.module.css';
import './text.module.css';
import './layout.module.css';
import './controls.module.css';
import './card.module.css';
