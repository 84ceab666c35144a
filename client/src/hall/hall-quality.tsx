import { PerformanceMonitor } from '@react-three/drei';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { MAX_QUALITY_STEP, qualitySettings, steppedSettings, type QualitySettings, type QualityTier } from './quality';

// The hall's quality settings reach its parts through context (HallScene provides them), so
// lights, materials and the detail pool follow a tier without a prop through every layer.

const HallQualityContext = createContext<QualitySettings>(qualitySettings('high'));

/** Provides the quality settings the hall's parts render with. */
export function HallQualityProvider({ settings, children }: { settings: QualitySettings; children: ReactNode }) {
  return <HallQualityContext.Provider value={settings}>{children}</HallQualityContext.Provider>;
}

/** The quality settings in effect (the high tier outside a HallQualityProvider). */
export function useHallQuality(): QualitySettings {
  return useContext(HallQualityContext);
}

/** A tier's settings with the run-time step down applied, and the monitor's callbacks. */
export interface AdaptiveQuality {
  settings: QualitySettings;
  /** How many times the monitor stepped the tier down (0..MAX_QUALITY_STEP). */
  step: number;
  decline: () => void;
  incline: () => void;
}

/**
 * State of the run-time adaptation for `tier`, to hold outside the Canvas (whose `dpr` prop it
 * sets): starts at the tier itself, steps down on slow frames and back up when they recover.
 */
export function useAdaptiveQuality(tier: QualityTier): AdaptiveQuality {
  const [step, setStep] = useState(0);
  const settings = useMemo(() => steppedSettings(qualitySettings(tier), step), [tier, step]);
  const decline = useCallback(() => setStep((s) => Math.min(MAX_QUALITY_STEP, s + 1)), []);
  const incline = useCallback(() => setStep((s) => Math.max(0, s - 1)), []);
  return { settings, step, decline, incline };
}

/** Frame-rate bounds for drei's PerformanceMonitor: below the first declines, above the second inclines. */
function fpsBounds(refreshrate: number): [number, number] {
  return refreshrate > 100 ? [50, 90] : [28, 55];
}

/**
 * drei's PerformanceMonitor wired to an AdaptiveQuality, inside the Canvas: slow frames lower the
 * pixel ratio first, then drop the real spotlights, then fold the lights; it settles for good
 * after a few changes (no endless flip-flopping between shader variants).
 */
export function QualityMonitor({ quality }: { quality: AdaptiveQuality }) {
  return <PerformanceMonitor bounds={fpsBounds} flipflops={6} onDecline={quality.decline} onIncline={quality.incline} />;
}
