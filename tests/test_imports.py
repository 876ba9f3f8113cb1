import subprocess
import sys


def test_importing_sktune_adds_no_package_beyond_its_dependencies():
    """Whatever scikit-learn itself loads (it may load pandas), sktune adds nothing."""
    code = (
        "import sys\n"
        "import joblib, numpy, scipy.optimize, scipy.stats, sklearn.model_selection\n"
        "before = {m.split('.')[0] for m in sys.modules}\n"
        "import sktune, sktune.space, sktune.optimizers, sktune.subset\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} - before - {'sktune'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
