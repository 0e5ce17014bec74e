#!/usr/bin/env python3
# Speaks one text with libespeak-ng and reports the library's own word events. The espeak-ng
# command line writes audio but drops these events, and Node cannot call a C library without a
# native add-on, so this small program (standard library only: ctypes, wave, json) bridges the two.
# Input: one JSON object on stdin {text, voice, rate?, pitch?, out}. Output: one JSON object on
# stdout {sampleRate, words: [{pos, len, ms}]}; pos is the 1-based character offset espeak reports.
import ctypes, ctypes.util, json, sys, wave


class Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_void_p),
    ]


EVENT_LIST_TERMINATED, EVENT_WORD = 0, 1
AUDIO_OUTPUT_SYNCHRONOUS = 2
CHARS_UTF8 = 1
RATE, VOLUME, PITCH = 1, 2, 3


class VoiceSpec(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))


def load():
    for name in (ctypes.util.find_library("espeak-ng"), "libespeak-ng.so.1", "libespeak-ng.dylib", "libespeak-ng.dll"):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            pass
    sys.stderr.write("libespeak-ng not found\n")
    sys.exit(3)


def main():
    req = json.loads(sys.stdin.read())
    lib = load()
    lib.espeak_Initialize.restype = ctypes.c_int
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, None, 0)
    if rate <= 0:
        sys.stderr.write("espeak_Initialize failed\n")
        sys.exit(3)
    voice = req.get("voice", "en").encode("utf-8")
    # `--voices` lists languages (en-gb), which are not always voice names (its name is
    # English_(Great_Britain)); the library finds those by language instead.
    if lib.espeak_SetVoiceByName(voice) != 0 and lib.espeak_SetVoiceByProperties(ctypes.byref(VoiceSpec(languages=voice))) != 0:
        sys.stderr.write("unknown voice: %s\n" % req.get("voice"))
        sys.exit(2)
    if req.get("rate"):
        lib.espeak_SetParameter(RATE, int(req["rate"]), 0)
    if req.get("pitch") is not None:
        lib.espeak_SetParameter(PITCH, int(req["pitch"]), 0)

    chunks, words = [], []

    def on_audio(wav, n, events):
        if wav and n > 0:
            chunks.append(ctypes.string_at(wav, n * 2))
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            e = events[i]
            if e.type == EVENT_WORD:
                words.append({"pos": e.text_position, "len": e.length, "ms": e.audio_position})
            i += 1
        return 0

    cb = CALLBACK(on_audio)
    lib.espeak_SetSynthCallback(cb)
    text = req["text"].encode("utf-8") + b"\0"
    err = lib.espeak_Synth(text, len(text), 0, 0, 0, CHARS_UTF8, None, None)
    lib.espeak_Synchronize()
    if err != 0:
        sys.stderr.write("espeak_Synth failed: %d\n" % err)
        sys.exit(1)
    with wave.open(req["out"], "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(chunks))
    json.dump({"sampleRate": rate, "words": words}, sys.stdout)


main()
