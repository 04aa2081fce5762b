"""Training paths: the checker (``train-checker``) and the summarizer (``train``)."""
