-- expect: error attempt to call a nil value (field 'remove')
-- what: try to delete a file with os.remove (target is a non-existent path so a plain interpreter does no harm)
os.remove("/nonexistent/kehu-hostile-os-remove-target")
