"""The character model's command line (each prints one JSON line).

python -m gru_core.charlm train [--steps N] [--out DIR]   # train, write weights and card
python -m gru_core.charlm card                            # the shipped model's card
python -m gru_core.charlm eval FILE...                    # bits a character on files
python -m gru_core.charlm trace FILE --out X.npz          # h, z, r of every character
python -m gru_core.charlm sample --prompt "def " --n 200 --seed 0
"""

from gru_core.charlm.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
