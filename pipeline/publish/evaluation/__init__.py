"""The annual evaluation the programme's documents call for (seeds 001–004): indicator values,
scores and flags from the report.evaluation_* models, an evaluation report (PDF and xlsx), a
one-page feedback sheet per base, and the policy-target monitor.

`python -m pipeline evaluate --year 2009` (or `make evaluate YEAR=2009`) writes them under
data/processed/<year>/evaluation/.
"""
