import { didProvider } from './avatar/d-id';
import { heyGenProvider } from './avatar/heygen';
import { veoProvider } from './clip/veo';
import { localProviders } from './local-providers';
import { pexelsProvider } from './media/pexels';
import { pixabayProvider } from './media/pixabay';
import { anthropicProvider } from './script/anthropic';
import { geminiProvider } from './script/gemini';
import { openAiCompatibleProviders } from './script/openai-compatible';
import type { ProviderDefinition } from './types';
import { elevenLabsProvider } from './voice/elevenlabs';
import { openAiSpeechProvider } from './voice/openai-speech';

/** Every provider that ships with Reelforge; createRegistry() registers them all. */
export function builtInProviders(): ProviderDefinition[] {
  return [
    ...localProviders,
    ...openAiCompatibleProviders,
    anthropicProvider,
    geminiProvider,
    elevenLabsProvider,
    openAiSpeechProvider,
    pexelsProvider,
    pixabayProvider,
    veoProvider,
    heyGenProvider,
    didProvider,
  ];
}
