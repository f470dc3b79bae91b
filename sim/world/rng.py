"""Random numbers addressed by (world, step, draw site).

Every world ``k`` of a run with root seed ``S`` owns a 64-bit key derived from
``numpy.random.SeedSequence(S, spawn_key=(k,))``, the same key ``SeedSequence(S).spawn``
would give its ``k``-th child. A draw is a pure function of that key, the step and the
name of the place in the code that draws (its *site*): a counter-based generator built
on the SplitMix64 finaliser. Hence:

* world ``k`` sees the same dice whether it runs alone, among ten or among 100,000
  worlds, in any chunk and in any process;
* a what-if run with the same seed sees the same dice as its baseline (common random
  numbers), so differences between the two are paired world by world;
* adding a draw site somewhere does not shift the numbers drawn anywhere else, because
  a site is addressed by its name, not by the order of the draws.
"""

from __future__ import annotations

import zlib

import numpy as np

from .vocabulary import SITES

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix_int(z: int) -> int:
    """SplitMix64 finaliser on a Python int (mod 2**64)."""
    z &= _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


_30, _27, _31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on a uint64 array (multiplication wraps mod 2**64)."""
    z = z ^ (z >> _30)  # a new array; the rest works in place on it
    z *= _M1
    z ^= z >> _27
    z *= _M2
    z ^= z >> _31
    return z


_SITE_IDS = {name: zlib.crc32(name.encode("utf-8")) for name in SITES}


def site_id(name: str) -> int:
    """The fixed number of a declared draw site, derived from its name."""
    try:
        return _SITE_IDS[name]
    except KeyError:
        raise KeyError(f"draw site {name!r} is not declared in sim/world/vocabulary/sites.py") from None


# numpy's SeedSequence constants (numpy/random/bit_generator.pyx), for world_keys.
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R, _POOL = 0xCA01F9DD, 0x4973F715, 4


def world_keys(seed: int, worlds: np.ndarray) -> np.ndarray:
    """The 64-bit key of each world in ``worlds`` for root ``seed``: the first 64-bit word
    of ``numpy.random.SeedSequence(seed, spawn_key=(k,)).generate_state(1, np.uint64)``.

    SeedSequence's hashing is written out here on arrays of worlds (one SeedSequence
    object per world cost ~5 us, half a second per 100,000 worlds); a test checks the
    words equal numpy's own.
    """
    worlds = np.asarray(worlds, dtype=np.int64)
    if worlds.size and (worlds.min() < 0 or worlds.max() >= 2**32):
        raise ValueError("world indices must lie in [0, 2**32)")
    u32 = np.uint32
    run = [(int(seed) >> (32 * i)) & 0xFFFFFFFF for i in range(max(1, -(-int(seed).bit_length() // 32)))]
    run += [0] * (_POOL - len(run))  # a spawn key pads the run entropy to the pool size
    entropy = [np.full(worlds.size, w, dtype=u32) for w in run] + [worlds.astype(u32)]
    const = [_INIT_A]

    def hashmix(value):
        value = value ^ u32(const[0])
        const[0] = (const[0] * _MULT_A) & 0xFFFFFFFF
        value = value * u32(const[0])
        return value ^ (value >> u32(16))

    def mix(x, y):
        result = u32(_MIX_L) * x - u32(_MIX_R) * y
        return result ^ (result >> u32(16))

    with np.errstate(over="ignore"):
        pool = [hashmix(entropy[i]) for i in range(_POOL)]
        for src in range(_POOL):
            for dst in range(_POOL):
                if src != dst:
                    pool[dst] = mix(pool[dst], hashmix(pool[src]))
        for src in range(_POOL, len(entropy)):
            for dst in range(_POOL):
                pool[dst] = mix(pool[dst], hashmix(entropy[src]))
        words, const_b = [], _INIT_B
        for i in range(2):  # two 32-bit words make the 64-bit key, low word first
            value = pool[i] ^ u32(const_b)
            const_b = (const_b * _MULT_B) & 0xFFFFFFFF
            value = value * u32(const_b)
            words.append(value ^ (value >> u32(16)))
    return words[0].astype(np.uint64) | (words[1].astype(np.uint64) << np.uint64(32))


class Streams:
    """The random numbers of a set of worlds.

    Parameters
    ----------
    seed:
        The root seed of the run.
    worlds:
        The global indices of the worlds held here (a chunk of the ensemble).
    """

    def __init__(self, seed: int, worlds: np.ndarray) -> None:
        self.seed = int(seed)
        self.worlds = np.asarray(worlds, dtype=np.int64)
        self.keys = world_keys(self.seed, self.worlds)
        self.used: set[str] = set()
        """The draw sites used so far (the vocabulary test checks them)."""

    def bits(self, step: int, site: str, sub: int = 0, worlds: np.ndarray | None = None) -> np.ndarray:
        """64 random bits per world for (step, site, sub); ``worlds`` (local positions)
        draws for those worlds only, the same bits they get among all."""
        self.used.add(site)
        counter = _mix_int(((int(step) & 0xFFFFFFFF) << 32 | site_id(site)) ^ (int(sub) * _GOLDEN))
        keys = self.keys if worlds is None else self.keys[worlds]
        return _mix(_mix(keys ^ np.uint64(counter)) + np.uint64(_GOLDEN))

    def uniform(self, step: int, site: str, sub: int = 0, worlds: np.ndarray | None = None) -> np.ndarray:
        """Uniform floats in [0, 1), one per world (or per world of ``worlds``)."""
        return (self.bits(step, site, sub, worlds) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))

    def normal(self, step: int, site: str) -> np.ndarray:
        """Standard normal floats, one per world (Box-Muller on two sub-draws)."""
        u1 = 1.0 - self.uniform(step, site, 0)  # in (0, 1], so the log is finite
        u2 = self.uniform(step, site, 1)
        return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
