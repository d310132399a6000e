"""The decoder: named sizes, the key/value cache, saving and loading."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from neural.model import (  # noqa: E402
    SIZES,
    Decoder,
    KVCache,
    ModelConfig,
    load_model,
    model_config,
    save_model,
)
from neural.tokens import Vocabulary  # noqa: E402
from symbolic.errors import PappusError  # noqa: E402

V = len(Vocabulary())


def test_named_sizes_span_a_tenth_to_thirty_million_parameters():
    counts = {s: Decoder(model_config(s, V)).num_params() for s in ("tiny", "mini", "large")}
    assert 1e5 < counts["tiny"] < 3e5
    assert 0.5e6 < counts["mini"] < 1.5e6
    assert 20e6 < counts["large"] <= 30e6
    assert list(SIZES) == ["tiny", "mini", "small", "medium", "large"]
    with pytest.raises(PappusError, match="unknown model size"):
        model_config("huge", V)


def test_cached_decoding_matches_the_full_forward():
    torch.manual_seed(0)
    model = Decoder(model_config("tiny", V)).eval()
    x = torch.randint(0, V, (2, 12))
    with torch.no_grad():
        full = model(x)
        cache = KVCache(model.config, 2, 16)
        parts = [model(x[:, :8], cache), model(x[:, 8:9], cache), model(x[:, 9:], cache)]
        one = KVCache(model.config, 1, 16)
        model(x[:1, :8], one)
        many = model(x[:1, 8:9].expand(3, 1), one.repeat(3))
    assert torch.allclose(torch.cat(parts, dim=1), full, atol=1e-5)
    assert torch.allclose(many, full[:1, 8:9].expand(3, 1, V), atol=1e-5)
    with pytest.raises(ValueError, match="exceeds"):
        model(torch.zeros(1, 17, dtype=torch.long), KVCache(model.config, 1, 16))


def test_saved_model_loads_with_the_same_outputs(tmp_path):
    torch.manual_seed(0)
    model = Decoder(ModelConfig(V, block_size=64, n_layer=1, n_head=2, n_embd=32)).eval()
    save_model(model, tmp_path, {"note": "x"})
    loaded, config = load_model(tmp_path)
    x = torch.randint(0, V, (1, 10))
    assert torch.equal(model(x), loaded(x))
    assert config["note"] == "x" and config["model"]["n_embd"] == 32
    assert loaded.head.weight is loaded.wte.weight  # still tied
    with pytest.raises(PappusError, match="cannot load the model"):
        load_model(tmp_path / "missing")
