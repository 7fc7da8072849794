'use client';

import * as SliderPrimitive from '@radix-ui/react-slider';

export function ThresholdSlider({
  id,
  value,
  onChange,
  label,
}: {
  id: string;
  value: number;
  onChange: (v: number) => void;
  label: string;
}) {
  return (
    <SliderPrimitive.Root
      id={id}
      value={[value]}
      min={0}
      max={1}
      step={0.01}
      onValueChange={([v]) => onChange(v ?? value)}
      className="relative flex h-6 w-full touch-none select-none items-center"
    >
      <SliderPrimitive.Track className="relative h-1.5 grow rounded-full bg-slate-200">
        <SliderPrimitive.Range className="absolute h-full rounded-full bg-blue-700" />
      </SliderPrimitive.Track>
      <SliderPrimitive.Thumb
        aria-label={label}
        aria-valuetext={value.toFixed(2)}
        className="block h-5 w-5 rounded-full border-2 border-blue-700 bg-white shadow focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700"
      />
    </SliderPrimitive.Root>
  );
}
