from sktune import demo


def test_demo_prints_default_and_tuned_scores(capsys):
    scores = demo.main(["--n-iter", "8", "--seed", "1"])
    out = capsys.readouterr().out
    assert "default configuration" in out and "tuned configuration" in out
    assert "Best parameters:" in out and "svr__C" in out
    assert scores["tuned_cv"] >= scores["default_cv"]
