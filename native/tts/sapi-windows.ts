import { join } from 'node:path';
import { StudioError } from '../../preload/contract/errors';
import { speechSegments } from './speech-segments';
import { canRun, runTool } from './run-tool';
import type { TtsEngine, Voice, WordTiming } from './types';
import { readWav } from './wav';
import { splitWords } from './words';

const powershell = 'powershell.exe';
const prelude = '$ErrorActionPreference = "Stop"; [Console]::InputEncoding = [Text.Encoding]::UTF8; [Console]::OutputEncoding = [Text.Encoding]::UTF8; Add-Type -AssemblyName System.Speech; $s = New-Object System.Speech.Synthesis.SpeechSynthesizer;';

/**
 * Windows SAPI through PowerShell's System.Speech (present on every Windows since 7, no install).
 * Its SpeakProgress events give each word's character offset and audio offset, printed as JSON.
 * Text and parameters travel on stdin, never on the command line, so no quoting can break them.
 */
export const sapiSpeakScript = `${prelude}
$req = [Console]::In.ReadToEnd() | ConvertFrom-Json;
if ($req.voice) { $s.SelectVoice($req.voice) };
$s.Rate = [int]$req.rate;
$s.SetOutputToWaveFile($req.out, (New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050, 'Sixteen', 'Mono')));
$words = New-Object System.Collections.ArrayList;
$s.add_SpeakProgress({ param($sender, $e) [void]$words.Add(@{ pos = $e.CharacterPosition; len = $e.CharacterCount; ms = $e.AudioPosition.TotalMilliseconds }) });
$s.Speak([string]$req.text);
$s.Dispose();
ConvertTo-Json -Compress -InputObject @{ words = @($words) }`;

export const sapiVoicesScript = `${prelude}
ConvertTo-Json -Compress -InputObject @($s.GetInstalledVoices() | Where-Object { $_.Enabled } | ForEach-Object { @{ name = $_.VoiceInfo.Name; culture = $_.VoiceInfo.Culture.Name; gender = [string]$_.VoiceInfo.Gender } })`;

const args = (script: string) => ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];

export function sapiEngine(): TtsEngine {
  return {
    name: 'sapi',
    async probe() {
      if (process.platform !== 'win32') return { available: false, reason: 'SAPI is the Windows voice; this is not Windows' };
      return (await canRun(powershell, args('exit 0')))
        ? { available: true, reason: 'PowerShell with System.Speech' }
        : { available: false, reason: 'powershell.exe could not be started' };
    },
    async listVoices() {
      const { stdout } = await runTool(powershell, args(sapiVoicesScript), { label: 'SAPI' });
      return parseSapiVoices(stdout);
    },
    async synthesize(text, voice, options) {
      const out = join(options.outDir, `${options.fileName ?? 'narration'}.wav`);
      // SAPI's rate is -10..10 around the voice's normal speed; roughly ×1.1 per step
      const rate = Math.max(-10, Math.min(10, Math.round(Math.log(options.speed ?? 1) / Math.log(1.1))));
      const input = JSON.stringify({ text, voice: voice.name, rate, out });
      const { stdout } = await runTool(powershell, args(sapiSpeakScript), { input, signal: options.signal, tag: options.tag, label: 'SAPI' });
      const pcm = readWav(out);
      const duration = pcm.samples.length / pcm.sampleRate;
      const events = (JSON.parse(stdout) as { words: SapiWordEvent[] }).words;
      const segments = speechSegments(pcm);
      return { audioPath: out, duration, words: wordsFromSapi(text, events, segments.at(-1)?.end ?? duration), timing: 'engine-events', voice };
    },
  };
}

export interface SapiWordEvent {
  /** UTF-16 offset, as .NET counts */
  pos: number;
  len: number;
  ms: number;
}

/** Maps SAPI's UTF-16 offsets to the text's words; a word ends where the next begins. */
export function wordsFromSapi(text: string, events: SapiWordEvent[], speechEnd: number): WordTiming[] {
  const words = splitWords(text);
  const cpAt: number[] = [];
  let cp = 0;
  for (const ch of text) {
    for (let k = 0; k < ch.length; k++) cpAt.push(cp);
    cp++;
  }
  const starts = words.map((w) => {
    const e = events.find((ev) => (cpAt[ev.pos] ?? cp) >= w.start && (cpAt[ev.pos] ?? cp) < w.end);
    return e ? e.ms / 1000 : undefined;
  });
  for (let i = 0; i < starts.length; i++) starts[i] ??= i === 0 ? 0 : starts[i - 1];
  return words.map((w, i) => ({ text: w.text, start: starts[i]!, end: Math.max(starts[i]!, i + 1 < words.length ? starts[i + 1]! : speechEnd) }));
}

export function parseSapiVoices(json: string): Voice[] {
  let data: unknown;
  try {
    data = JSON.parse(json.trim() || '[]');
  } catch {
    throw new StudioError('TTS_FAILED', `SAPI listed its voices in a form we could not read: ${json.slice(0, 200)}`);
  }
  const list = (Array.isArray(data) ? data : [data]) as { name: string; culture: string; gender: string }[];
  return list.map((v) => ({
    id: `sapi:${v.name}`,
    engine: 'sapi' as const,
    name: v.name,
    language: v.culture,
    gender: v.gender === 'Female' ? ('female' as const) : v.gender === 'Male' ? ('male' as const) : undefined,
  }));
}
