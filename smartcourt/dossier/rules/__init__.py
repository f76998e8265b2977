"""Pure dossier rules: the standard volume order (卷宗目录) with its classifier, and what intake accepts."""
