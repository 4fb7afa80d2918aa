"""``mentorkit serve``: Voila over the participant apps, with a door in front.

The only package that imports Voila at the top: :mod:`.kernels` (the pools and the
kernel manager), :mod:`.door` (what the handlers share) and :mod:`.handlers` (the
door's handlers and ``ProgramVoila``). Nothing is imported here, so that listing the
package's modules does not load Voila.
"""
