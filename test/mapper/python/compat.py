"""Cross-language check: the Python side of test/mapper/python-compat.node.test.ts.

Emulates the Python `eventsourcing` library's persistence pipeline with the standard library
and `cryptography`: JSONTranscoder (json, compact separators, `_type_`/`_data_` envelopes,
`datetime_iso` read with `datetime.fromisoformat`), ZlibCompressor (zlib) and AESCipher
(AES-GCM, `nonce(12) + tag(16) + ciphertext`).

Usage: python3 compat.py JOB_JSON  (prints a JSON result; exit 3 when cryptography is missing)
"""

import base64
import hashlib
import json
import sys
import unicodedata
import zlib
from datetime import datetime, timezone

try:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError as error:  # pragma: no cover - reported by the test as a failure
    print(f"python3 lacks the 'cryptography' package: {error}. pip install cryptography")
    sys.exit(3)


def encrypt(key: bytes, plaintext: bytes, nonce: bytes) -> bytes:
    sealed = AESGCM(key).encrypt(nonce, plaintext, None)  # ciphertext + tag
    return nonce + sealed[-16:] + sealed[:-16]


def decrypt(key: bytes, data: bytes) -> bytes:
    nonce, tag, ciphertext = data[:12], data[12:28], data[28:]
    if len(nonce) != 12 or len(tag) != 16:
        raise ValueError("Damaged cipher text: invalid nonce/tag length")
    return AESGCM(key).decrypt(nonce, ciphertext + tag, None)


def decode_object(d: dict):
    if len(d) == 2 and "_type_" in d and "_data_" in d:
        name, data = d["_type_"], d["_data_"]
        if name == "datetime_iso":
            return datetime.fromisoformat(data)
        if name == "bigint_str":
            return int(data)
        raise TypeError(f"Data serialized with name '{name}' is not deserializable.")
    return d


def encode_object(o):
    if isinstance(o, datetime):
        return {"_type_": "datetime_iso", "_data_": o.isoformat()}
    raise TypeError(f"Object of type {type(o)} is not serializable.")


def describe(value):
    if isinstance(value, datetime):
        return {"datetime": value.isoformat(), "utcoffset": str(value.utcoffset())}
    if isinstance(value, dict):
        return {k: describe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [describe(v) for v in value]
    return value


def read(job: dict) -> dict:
    data = base64.b64decode(job["state"])
    if job.get("keyring"):
        assert data[0] == 1, "keyring format byte"
        assert data[1:5].hex() == job["keyring"], "keyring key id"
        data = data[5:]
    plaintext = zlib.decompress(decrypt(key_of(job), data))
    state = json.loads(plaintext.decode("utf-8"), object_hook=decode_object)
    return {"state": describe(state), "json": plaintext.decode("utf-8")}


def write(job: dict) -> dict:
    state = {
        "timestamp": datetime(2021, 12, 31, 23, 59, 59, 123456, tzinfo=timezone.utc),
        "naive": datetime(2020, 2, 29, 8, 30),
        "name": "Fïdo 🐕",
        "tricks": ["sit", "roll over"],
        "class_version": 2,
    }
    plaintext = json.dumps(
        state, default=encode_object, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    nonce = bytes(range(12))
    return {"state": base64.b64encode(encrypt(key_of(job), zlib.compress(plaintext), nonce)).decode()}


def key_of(job: dict) -> bytes:
    if "passphrase" in job:
        secret = unicodedata.normalize("NFC", job["passphrase"]).encode("utf-8")
        salt = base64.b64decode(job["salt"])
        return hashlib.pbkdf2_hmac("sha256", secret, salt, job["iterations"], 32)
    return base64.b64decode(job["key"])


if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    print(json.dumps({"read": read, "write": write}[job["mode"]](job)))
