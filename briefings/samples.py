"""Small generated media for the demo site and tests: a spoken clip when
espeak-ng is installed, otherwise a tone written with the wave module, and
matching WebVTT captions."""

import io
import math
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path


def tone_wav(seconds=3.0, frequency=440.0, rate=8000):
    """A mono 16-bit PCM WAV tone with short fades, as bytes."""
    frames = int(seconds * rate)
    fade = max(1, int(0.05 * rate))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = bytearray()
        for n in range(frames):
            envelope = min(1.0, n / fade, (frames - n) / fade)
            samples += struct.pack("<h", int(8000 * envelope * math.sin(2 * math.pi * frequency * n / rate)))
        out.writeframes(bytes(samples))
    return buffer.getvalue()


def spoken_wav(text, voice="cmn"):
    """A WAV of `text` read by espeak-ng, or None when espeak-ng is missing."""
    espeak = shutil.which("espeak-ng")
    if not espeak:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "speech.wav"
        try:
            subprocess.run([espeak, "-v", voice, "-w", str(target), text], check=True, capture_output=True, timeout=60)  # noqa: S603
        except (subprocess.SubprocessError, OSError):
            return None
        return target.read_bytes()


def webvtt(cues):
    """WebVTT text from [(start_seconds, end_seconds, text), ...]."""

    def stamp(seconds):
        minutes, secs = divmod(seconds, 60)
        hours, minutes = divmod(int(minutes), 60)
        return f"{hours:02d}:{minutes:02d}:{secs:06.3f}"

    lines = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, 1):
        lines += [str(number), f"{stamp(start)} --> {stamp(end)}", text, ""]
    return "\n".join(lines)


# Just enough of an MP4 header ("ftyp" box) for content sniffing in tests.
FAKE_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
