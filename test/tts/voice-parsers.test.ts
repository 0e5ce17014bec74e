import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSayVoices } from '../../native/tts/say-macos';
import { parseSapiVoices, wordsFromSapi } from '../../native/tts/sapi-windows';
import { splitWords } from '../../native/tts/words';

test('macOS voice list is read, names with spaces included', () => {
  const listing = [
    'Albert              en_US    # Hello! My name is Albert.',
    'Bad News            en_US    # The light you see at the end of the tunnel is the headlamp of a fast approaching train.',
    'Amélie              fr_CA    # Bonjour, je m’appelle Amélie.',
  ].join('\n');
  assert.deepEqual(parseSayVoices(listing).map((v) => [v.id, v.language]), [
    ['say:Albert', 'en-US'],
    ['say:Bad News', 'en-US'],
    ['say:Amélie', 'fr-CA'],
  ]);
});

test('SAPI voices and word events map to the words of the text, emoji counted once', () => {
  const voices = parseSapiVoices('[{"name":"Microsoft Zira Desktop","culture":"en-US","gender":"Female"}]');
  assert.deepEqual(voices[0], { id: 'sapi:Microsoft Zira Desktop', engine: 'sapi', name: 'Microsoft Zira Desktop', language: 'en-US', gender: 'female' });
  // "🎉" is two UTF-16 units: SAPI's offset of "party" is 3, our code-point offset is 2
  const words = wordsFromSapi('🎉 party time', [{ pos: 3, len: 5, ms: 400 }, { pos: 9, len: 4, ms: 900 }], 1.5);
  assert.deepEqual(words, [
    { text: '🎉', start: 0, end: 0.4 },
    { text: 'party', start: 0.4, end: 0.9 },
    { text: 'time', start: 0.9, end: 1.5 },
  ]);
});

test('words: a lone dash rides with its neighbour; RTL and emoji are words', () => {
  assert.deepEqual(splitWords('Wait — what? 🚀 שלום עולם').map((w) => w.text), ['Wait —', 'what?', '🚀', 'שלום', 'עולם']);
});
