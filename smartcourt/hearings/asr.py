"""Speech-to-text for the transcript (语音转写) behind a provider interface (ADR 0032).

The default is manual entry (`ManualEntry`: no recognition, the clerk types). No offline Chinese ASR model ships
inside a PyPI, Debian or npm package today (vosk, sherpa-onnx, funasr and rapid-paraformer fetch their models at run
time; Debian's pocketsphinx ships only a US-English model), and the platform never downloads models at run time.
A deployment that runs a recogniser of its own names a class with the same `transcribe` in the setting
`HEARINGS_ASR_PROVIDER` (a dotted path); tests replace it with a double.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Segment:
    """One recognised utterance: seconds from the start of the audio, the text, the speaker label if known."""

    start: float
    text: str
    speaker: str = ""


class AsrProvider(Protocol):
    name: str
    available: bool

    def transcribe(self, audio: bytes, *, content_type: str, language: str = "zh") -> list[Segment]: ...


class AsrUnavailable(RuntimeError):
    pass


class ManualEntry:
    """No recognition: the clerk writes the transcript by hand (the default)."""

    name = "manual"
    available = False

    def transcribe(self, audio: bytes, *, content_type: str, language: str = "zh") -> list[Segment]:
        raise AsrUnavailable("本系统未配置语音识别，请手工记录。")


def asr_provider() -> AsrProvider:
    path = getattr(settings, "HEARINGS_ASR_PROVIDER", "")
    if not path:
        return ManualEntry()
    provider: AsrProvider = import_string(path)()
    return provider
