"""The build machinery, apart from the research code: the stage graph and its declared inputs and
outputs (:mod:`.pipeline`), running the notebooks into a staging folder and promoting the results
(:mod:`.runner`), the content-hash cache (:mod:`.cache`), making executed notebooks byte-identical
(:mod:`.notebooks`), the processed tables' descriptor (:mod:`.processed_descriptor`), the raw-data
manifest (:mod:`.manifest`), digests of every input (:mod:`.provenance`) and the comparison of two builds
(:mod:`.diff`). Named ``workflow`` rather than ``build``, a folder name that packaging tools and common
ignore lists treat as disposable output."""
