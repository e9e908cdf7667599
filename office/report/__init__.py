"""The presidium's annual work report (人大工作报告): template, figures, HTML and Word output.

``services`` makes, refreshes and finalises drafts; ``document.build`` turns a
draft into the printed report; ``html`` and ``word`` write it out.
"""
